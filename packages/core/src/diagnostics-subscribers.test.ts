/**
 * The registry's diagnostics from the subscriber's side: with nobody subscribed nothing is
 * published and no trace is built; a subscriber that throws leaves every change complete (Node
 * rethrows it on the process); and the tracing channel still answers `hasSubscribers` on Node
 * versions without it. What each channel publishes is in `registry-diagnostics.test.ts` and
 * `execution-tracing.test.ts`.
 */
import { spawnSync } from 'node:child_process';
import { subscribe, tracingChannel, unsubscribe } from 'node:diagnostics_channel';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ActionHandler } from './action-handler';
import { ActionRegistry } from './action-registry';
import { ActionError } from './errors';
import { REGISTRY_CHANNELS, registryChannels, withSubscriberCheck, type ExecutionTrace } from './registry-diagnostics';
import { recordingLogger } from './test-support.fixture';

const PLAIN = ['register', 'unregister', 'clear', 'commit', 'abandoned', 'loggerError'] as const;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('with nobody subscribed', () => {
  /** Registers, replaces, unregisters, clears, commits and executes (success, failure, NOT_FOUND). */
  async function everything(): Promise<void> {
    const registry = new ActionRegistry({ logger: recordingLogger() });
    const handler = new ActionHandler(registry);
    registry.registerLocal('x', () => ({ ok: true }));
    registry.registerLocal('x', () => ({ ok: true }));
    registry.registerLocal('fails', () => {
      throw new Error('no');
    });
    await handler.execute('x');
    await handler.execute('x', {}, { timeoutMs: 1000 });
    await expect(handler.execute('fails')).rejects.toThrow(ActionError);
    await expect(handler.execute('missing')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await registry.transaction((tx) => {
      tx.register('y', () => ({}));
      tx.unregister('x');
    });
    registry.unregisterLocal('y');
    registry.clearLocal();
  }

  it('publishes nothing and builds no trace; the same calls publish once someone subscribes', async () => {
    const publish = PLAIN.map((channel) => vi.spyOn(registryChannels[channel], 'publish'));
    const tracePromise = vi.spyOn(registryChannels.execute, 'tracePromise');
    expect(registryChannels.execute.hasSubscribers).toBe(false);
    expect(PLAIN.filter((channel) => registryChannels[channel].hasSubscribers)).toEqual([]);
    await everything();
    expect(publish.map((spy) => spy.mock.calls.length)).toEqual(PLAIN.map(() => 0));
    expect(tracePromise).not.toHaveBeenCalled();

    // The spies do see publishing: the check above could fail.
    const noop = (): void => undefined;
    for (const channel of PLAIN) subscribe(REGISTRY_CHANNELS[channel], noop);
    const handlers = { start: noop, end: noop, asyncStart: noop, asyncEnd: noop, error: noop };
    tracingChannel<ExecutionTrace>(REGISTRY_CHANNELS.execute).subscribe(handlers);
    try {
      await everything();
    } finally {
      tracingChannel<ExecutionTrace>(REGISTRY_CHANNELS.execute).unsubscribe(handlers);
      for (const channel of PLAIN) unsubscribe(REGISTRY_CHANNELS[channel], noop);
    }
    const calls = Object.fromEntries(PLAIN.map((channel, i) => [channel, publish[i]?.mock.calls.length]));
    expect(calls).toEqual({ register: 4, unregister: 2, clear: 1, commit: 1, abandoned: 0, loggerError: 0 });
    expect(tracePromise).toHaveBeenCalledTimes(4);
  });
});

describe('a subscriber that throws', () => {
  const script = fileURLToPath(new URL('./throwing-subscriber.fixture.ts', import.meta.url));
  const run = (mode: 'handled' | 'unhandled') => spawnSync(process.execPath, ['--import', 'tsx', script, mode], { encoding: 'utf8', timeout: 30_000 });

  it('leaves every change complete; later subscribers still hear of it; Node reports the throw on the process', () => {
    const result = run('handled');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(report).toEqual({
      afterRegister: ['a', 'b'],
      afterReplace: 'b v2',
      afterUnregister: ['b'],
      afterCommit: ['c', 'd'],
      afterClear: [],
      executed: { ok: true },
      failed: 'EXECUTION_FAILED',
      disposed: ['b v1', 'b v2', 'c'],
      heard: ['register a', 'register b', 'register b', 'unregister a', 'register c', 'register d', 'unregister b', 'commit c,d', 'clear 2'],
      traced: ['run local', 'fail local'],
      uncaught: 18,
    });
  });

  it('with no uncaughtException handler, the process crashes as for any uncaught error, after the change was made', () => {
    const result = run('unhandled');
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('registered: ["a"]\n');
    expect(result.stderr).toContain('Error: register subscriber failed for a');
  });
});

describe('withSubscriberCheck (TracingChannel#hasSubscribers is Node >= 20.13)', () => {
  it('on a tracing channel without the getter, answers whether any of its five channels has a subscriber', () => {
    const real = tracingChannel('soni:test:legacy-node');
    // What Node 20.0 to 20.12 hand out: the five channels, no `hasSubscribers`.
    const legacy = { start: real.start, end: real.end, asyncStart: real.asyncStart, asyncEnd: real.asyncEnd, error: real.error } as unknown as typeof real;
    expect((legacy as { hasSubscribers?: unknown }).hasSubscribers).toBeUndefined();
    expect(withSubscriberCheck(legacy)).toBe(legacy);
    expect(legacy.hasSubscribers).toBe(false);
    const listener = (): void => undefined;
    subscribe('tracing:soni:test:legacy-node:asyncEnd', listener);
    expect(legacy.hasSubscribers).toBe(true);
    unsubscribe('tracing:soni:test:legacy-node:asyncEnd', listener);
    expect(legacy.hasSubscribers).toBe(false);
  });

  it("leaves Node's own getter alone where it exists", () => {
    const modern = tracingChannel('soni:test:modern-node');
    withSubscriberCheck(modern);
    expect(Object.getOwnPropertyDescriptor(modern, 'hasSubscribers')).toBeUndefined();
    expect(registryChannels.execute.hasSubscribers).toBe(false);
  });
});
