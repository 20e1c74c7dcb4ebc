import assert from 'node:assert/strict';
import type { ActionFunc, LockStrategy, Logger } from '@soni/core';
import { describeError } from '../describe-error';
import { sleep } from '../timing';
import { withSubject, type RegistryScenario } from './context';
import type { RegistryHarness } from './harness';

/** A logger whose every method throws, like a sink whose stream was closed. */
function throwingLogger(): Logger {
  const fail = (): never => {
    throw new Error('EPIPE: the log stream is closed');
  };
  return { debug: fail, info: fail, warn: fail, error: fail, isLevelEnabled: () => true };
}

/** Scenarios where user code around the registry fails: loggers, abandoned callers. */
export function faultScenarios(harness: RegistryHarness, executions: { lock: () => LockStrategy } | undefined): RegistryScenario[] {
  const scenarios: RegistryScenario[] = [
    {
      claim: 'basic',
      name: 'a logger that throws never leaves a change half-applied nor reaches the caller',
      run: withSubject(
        harness,
        async (registry) => {
          const calls: string[] = [];
          const attempt = async (what: string, call: () => unknown): Promise<void> => {
            try {
              await call();
            } catch (error) {
              calls.push(`${what} threw ${describeError(error)}`);
            }
          };
          const fn = (label: string): ActionFunc => () => ({ label });
          for (const name of ['a', 'b', 'c']) await attempt(`register(${name})`, () => registry.register(name, fn(name)));
          const replacement = fn('a2');
          await attempt('register(a) again', () => registry.register('a', replacement));
          await attempt('registerLocal(l)', () => registry.registerLocal('l', fn('l')));
          assert.deepEqual(calls, [], `a throwing logger reached the caller: ${calls.join('; ')}`);
          assert.deepEqual([...(await registry.listActions()).global].sort(), ['a', 'b', 'c'], 'a registration was lost');
          // Not assert.equal: for two functions that print alike it drops the message.
          assert.ok((await registry.get('a')) === replacement, 'the overwrite did not take effect');
          await attempt('clearGlobal()', () => registry.clearGlobal());
          assert.deepEqual(calls, [], `a throwing logger reached the caller: ${calls.join('; ')}`);
          const after = await registry.listActions();
          assert.deepEqual([...after.global], [], `clearGlobal left ${after.global.length} action(s) behind`);
          assert.deepEqual([...after.local], ['l'], 'the local scope changed');
        },
        { logger: throwingLogger() },
      ),
    },
  ];
  if (executions === undefined) return scenarios;
  scenarios.push({
    claim: 'executions',
    name: 'an execution whose caller timed out keeps its exclusion: the next one waits for its action to settle',
    run: async () => {
      const lock = executions.lock();
      await withSubject(
        harness,
        async (registry) => {
          assert.ok(registry.execute !== undefined, 'the subject claims executions but has no execute method');
          let running = 0;
          let most = 0;
          let release!: () => void;
          const gate = new Promise<void>((resolve) => {
            release = resolve;
          });
          await registry.registerLocal('job', async () => {
            running++;
            most = Math.max(most, running);
            await gate;
            running--;
            return {};
          });
          const first = registry.execute('job', {}, { timeoutMs: 20 }).then(
            () => 'resolved',
            (error: unknown) => (error as { code?: unknown }).code,
          );
          assert.equal(await first, 'TIMEOUT', 'the first execution should time out while its action runs');
          const second = registry.execute('job', {});
          await sleep(20);
          release();
          await second;
          assert.equal(most, 1, 'an execution started after another timed out ran beside its still-running action');
        },
        { lock },
      )();
    },
  });
  return scenarios;
}
