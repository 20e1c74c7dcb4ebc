import { describe, expect, it } from 'vitest';
import { ActionRegistry } from '@soni/core';
import type { ActionFunc, LockStrategy, Logger } from '@soni/core';
import { ReferenceLock } from './reference-lock.fixture';
import { actionRegistryHarness, registryConformanceScenarios, registryConformanceSuite, runRegistryConformance } from './registry-conformance/index';
import type { RegistryHarness, RegistrySubject } from './registry-conformance/index';
import { yieldToEventLoop } from './timing';

type Flaw =
  | 'none'
  | 'lost-global-updates'
  | 'lost-local-updates'
  | 'silent-overwrite'
  | 'incremental-clear'
  | 'writes-hide-globals'
  | 'logger-breaks-changes'
  | 'logger-skips-changes'
  | 'first-wins'
  | 'warns-always'
  | 'clear-wipes-locals';

/** A registry with the Python semantics, correct unless given a flaw. */
function modelHarness(flaw: Flaw): RegistryHarness {
  return {
    create: ({ logger }: { logger: Logger }): RegistrySubject => {
      let globals = new Map<string, ActionFunc>();
      let locals = new Map<string, ActionFunc>();
      // A correct registry changes its state first and never lets the logger throw at its
      // caller; the 'logger-breaks-changes' flaw logs first and lets exceptions through.
      const log = (level: 'warn' | 'debug' | 'info', message: string): void => {
        if (flaw === 'logger-breaks-changes') {
          logger[level](message);
          return;
        }
        try {
          logger[level](message);
        } catch {
          // swallowed, as the real registry does (it reports it on a diagnostics channel)
        }
      };
      const put = (scope: 'global' | 'local', map: Map<string, ActionFunc>, name: string, fn: ActionFunc): void => {
        const previous = map.get(name);
        if (flaw === 'logger-breaks-changes') log('debug', `Registering ${scope} action: ${name}`);
        if (flaw === 'logger-skips-changes') {
          // Logs first and gives the change up when the logger throws.
          try {
            logger.debug(`Registering ${scope} action: ${name}`);
          } catch {
            return;
          }
        }
        if (!(flaw === 'first-wins' && previous !== undefined)) map.set(name, fn);
        if (flaw === 'warns-always') log('warn', `Registering ${scope} action '${name}'`);
        if (previous !== undefined && flaw !== 'silent-overwrite') {
          log('warn', `Overwriting existing ${scope} action '${name}'. Previous: ${previous.name}, New: ${fn.name}`);
        }
        log('debug', `Registered ${scope} action: ${name}`);
      };
      return {
        register: async (name, fn) => {
          if (flaw === 'lost-global-updates') {
            const copy = new Map(globals);
            await yieldToEventLoop();
            put('global', copy, name, fn);
            globals = copy;
          } else put('global', globals, name, fn);
        },
        registerLocal: async (name, fn) => {
          if (flaw === 'lost-local-updates') {
            const copy = new Map(locals);
            await yieldToEventLoop();
            put('local', copy, name, fn);
            locals = copy;
          } else if (flaw === 'writes-hide-globals') {
            const saved = globals;
            globals = new Map();
            await yieldToEventLoop();
            globals = saved;
            put('local', locals, name, fn);
          } else put('local', locals, name, fn);
        },
        get: (name) => locals.get(name) ?? globals.get(name),
        listActions: () => ({ global: [...globals.keys()], local: [...locals.keys()] }),
        clearGlobal: async () => {
          if (flaw === 'logger-breaks-changes') log('info', `Clearing ${globals.size} global actions`);
          if (flaw === 'clear-wipes-locals') locals.clear();
          if (flaw !== 'incremental-clear') {
            globals.clear();
            log('info', 'Cleared global actions');
            return;
          }
          let i = 0;
          for (const name of [...globals.keys()]) {
            globals.delete(name);
            if (++i % 10 === 0) await yieldToEventLoop();
          }
        },
      };
    },
  };
}

const fast = { readWriteDurationMs: 100 };

// The Python original's scenarios and the fault scenarios on the real ActionRegistry, with
// executions serialised by a mutex, registered through vitest.
const withExecutions = { ...fast, executions: { lock: () => new ReferenceLock() } };
registryConformanceSuite({ describe, it }, 'ActionRegistry', actionRegistryHarness(ActionRegistry), withExecutions);
// And on a correct model with asynchronous methods.
registryConformanceSuite({ describe, it }, 'correct async model', modelHarness('none'), fast);

describe('registry conformance catches broken registries', () => {
  const failing = async (flaw: Flaw): Promise<string[]> => (await runRegistryConformance(modelHarness(flaw), fast)).failed.map((f) => f.name);

  it('fails lost global registrations', async () => {
    expect(await failing('lost-global-updates')).toEqual([expect.stringMatching(/^concurrent global registration/)]);
  });

  it('fails lost local registrations (in the local and the read/write scenarios)', async () => {
    const failed = await failing('lost-local-updates');
    expect(failed).toEqual([expect.stringMatching(/^concurrent local registration/), expect.stringMatching(/^concurrent reads and writes/)]);
  });

  it('fails an overwrite that logs nothing', async () => {
    expect(await failing('silent-overwrite')).toEqual([
      expect.stringMatching(/^overwriting a global action/),
      expect.stringMatching(/^overwriting a local action/),
    ]);
  });

  it('fails a clearGlobal that readers can observe half done', async () => {
    const report = await runRegistryConformance(modelHarness('incremental-clear'), fast);
    expect(report.failed.map((f) => f.name)).toEqual([expect.stringMatching(/^clearGlobal is atomic/)]);
    expect(String(report.failed[0]?.error)).toMatch(/not in the allowed set/);
  });

  it('fails writes during which readers lose sight of global actions', async () => {
    const report = await runRegistryConformance(modelHarness('writes-hide-globals'), fast);
    expect(report.failed.map((f) => f.name)).toEqual([expect.stringMatching(/^concurrent reads and writes/)]);
    expect(String(report.failed[0]?.error)).toMatch(/Reader error: preset_\d missing|invariant/);
  });

  it('fails a registry whose logger can break a change or reach the caller', async () => {
    const report = await runRegistryConformance(modelHarness('logger-breaks-changes'), fast);
    expect(report.failed.map((f) => f.name)).toEqual(['a logger that throws never leaves a change half-applied nor reaches the caller']);
    expect(String(report.failed[0]?.error)).toMatch(/a throwing logger reached the caller/);
  });

  it('fails a registry whose execution gives its lock up when the caller times out', async () => {
    // The lock lets go of the hold as soon as the call's signal aborts, while the action runs on:
    // what a handler that raced its action inside the lock did.
    const earlyRelease = (): LockStrategy => {
      const inner = new ReferenceLock();
      const early = <T>(fn: () => T | PromiseLike<T>, signal: AbortSignal | undefined) => (): Promise<T> => {
        const running = Promise.resolve(fn());
        running.catch(() => undefined);
        return signal === undefined
          ? running
          : new Promise<T>((resolve, reject) => {
              signal.addEventListener('abort', () => { reject(new Error('released early')); }, { once: true });
              running.then(resolve, reject);
            });
      };
      return {
        kind: 'early-release',
        runExclusive: (fn, options) => inner.runExclusive(early(() => fn(), options?.signal), options),
        runShared: (fn, options) => inner.runShared(early(() => fn(), options?.signal), options),
      };
    };
    const report = await runRegistryConformance(actionRegistryHarness(ActionRegistry), { ...fast, executions: { lock: earlyRelease } });
    expect(report.failed.map((f) => f.name)).toEqual([
      'an execution whose caller timed out keeps its exclusion: the next one waits for its action to settle',
    ]);
    expect(String(report.failed[0]?.error)).toMatch(/ran beside its still-running action/);
  });

  it('fails an overwrite that keeps the first action, and a registry that warns on every registration', async () => {
    const firstWins = await runRegistryConformance(modelHarness('first-wins'), fast);
    expect(firstWins.failed.map((f) => f.name)).toEqual([
      expect.stringMatching(/^overwriting a global action/),
      expect.stringMatching(/^overwriting a local action/),
      'a logger that throws never leaves a change half-applied nor reaches the caller',
    ]);
    expect(firstWins.failed.map((f) => String(f.error))).toEqual([
      expect.stringMatching(/the second registration must win/),
      expect.stringMatching(/the second registration must win/),
      expect.stringMatching(/the overwrite did not take effect/),
    ]);
    const warns = await runRegistryConformance(modelHarness('warns-always'), fast);
    expect(warns.failed.map((f) => f.name)).toEqual([expect.stringMatching(/^overwriting a global action/), expect.stringMatching(/^overwriting a local action/)]);
    expect(String(warns.failed[0]?.error)).toMatch(/Expected no record with level >= warn/);
  });

  it('fails a registry that drops a change when its logger throws, or whose clearGlobal also empties the local scope', async () => {
    const skips = await runRegistryConformance(modelHarness('logger-skips-changes'), fast);
    expect(skips.failed.map((f) => f.name)).toEqual(['a logger that throws never leaves a change half-applied nor reaches the caller']);
    expect(String(skips.failed[0]?.error)).toMatch(/a registration was lost/);
    const wipes = await runRegistryConformance(modelHarness('clear-wipes-locals'), fast);
    expect(wipes.failed.map((f) => f.name)).toEqual(['a logger that throws never leaves a change half-applied nor reaches the caller']);
    expect(String(wipes.failed[0]?.error)).toMatch(/the local scope changed/);
  });

  it('fails a subject that claims executions without an execute method', async () => {
    const report = await runRegistryConformance(modelHarness('none'), withExecutions);
    expect(report.failed.map((f) => [f.claim, f.name])).toEqual([
      ['executions', 'an execution whose caller timed out keeps its exclusion: the next one waits for its action to settle'],
    ]);
    expect(String(report.failed[0]?.error)).toMatch(/claims executions but has no execute method/);
  });

  it('gives the harness the lock of the executions, and tears down after every scenario, failed or not', async () => {
    const lock = new ReferenceLock();
    const locks: unknown[] = [];
    let teardowns = 0;
    const inner = actionRegistryHarness(ActionRegistry);
    const counting: RegistryHarness = {
      create: (context) => {
        if (context.lock !== undefined) locks.push(context.lock);
        return inner.create(context);
      },
      teardown: () => {
        teardowns += 1;
        return inner.teardown?.();
      },
    };
    const scenarios = registryConformanceScenarios(counting, { ...fast, threads: 2, actionsPerThread: 2, executions: { lock: () => lock } });
    const report = await runRegistryConformance(counting, { ...fast, threads: 2, actionsPerThread: 2, executions: { lock: () => lock } });
    expect(report.failed).toEqual([]);
    expect(locks).toEqual([lock]);
    expect(teardowns).toBe(scenarios.length);
    const failingTeardowns = teardowns;
    const broken: RegistryHarness = { ...counting, create: () => { throw new Error('cannot create'); } };
    const failed = await runRegistryConformance(broken, fast);
    expect(failed.passed).toEqual([]);
    expect(teardowns - failingTeardowns).toBe(failed.failed.length);
  });

  it('names its scenarios after the sizes, with the documented defaults', () => {
    const names = (options: Parameters<typeof registryConformanceScenarios>[1]) => registryConformanceScenarios(modelHarness('none'), options).map((s) => s.name);
    expect(names({}).slice(0, 3)).toEqual([
      'concurrent global registration: 10 tasks x 100 actions are all kept',
      'concurrent local registration: 10 tasks x 50 actions on one instance are all kept',
      'concurrent reads and writes for 300 ms: no error, presets always visible, every write kept',
    ]);
    expect(names({}).at(-2)).toBe('clearGlobal is atomic: readers see 100 or 0 actions, never part');
    const sized = names({ threads: 2, actionsPerThread: 3, localThreads: 4, localActionsPerThread: 5, readWriteDurationMs: 60, clearCount: 7 });
    expect(sized.filter((n) => /\d/.test(n))).toEqual([
      'concurrent global registration: 2 tasks x 3 actions are all kept',
      'concurrent local registration: 4 tasks x 5 actions on one instance are all kept',
      'concurrent reads and writes for 60 ms: no error, presets always visible, every write kept',
      'clearGlobal is atomic: readers see 7 or 0 actions, never part',
    ]);
    expect(new Set(registryConformanceScenarios(modelHarness('none')).map((s) => s.claim))).toEqual(new Set(['basic']));
  });

  it('registers each scenario with the runner, prefixing the claim unless it is basic', () => {
    const registered: string[] = [];
    registryConformanceSuite(
      { describe: (name, body) => { registered.push(`describe ${name}`); body(); }, it: (name) => { registered.push(name); } },
      'model',
      modelHarness('none'),
      withExecutions,
    );
    expect(registered[0]).toBe('describe registry conformance: model');
    expect(registered).toContain('[executions] an execution whose caller timed out keeps its exclusion: the next one waits for its action to settle');
    expect(registered).toContain('a logger that throws never leaves a change half-applied nor reaches the caller');
  });

  it('rejects each size that is not a positive integer, and an executions lock that is not a function', () => {
    const harness = modelHarness('none');
    for (const option of ['threads', 'actionsPerThread', 'localThreads', 'localActionsPerThread', 'readWriteDurationMs', 'clearCount']) {
      expect(() => registryConformanceScenarios(harness, { [option]: 1.5 })).toThrow(`registry conformance: ${option} must be a positive integer; got 1.5`);
    }
    expect(() => registryConformanceScenarios(harness, { executions: { lock: 'mutex' as never } })).toThrow(/executions.lock must be a function returning a LockStrategy; got 'mutex'/);
    expect(() => registryConformanceScenarios(null as never)).toThrow(/harness must have a create function; got null/);
    expect(() => registryConformanceScenarios({ create: 1 } as never)).toThrow(/harness must have a create function/);
  });

  it('rejects a bad harness or sizes at the boundary', () => {
    expect(() => registryConformanceScenarios({} as never)).toThrow(/harness must have a create function/);
    expect(() => registryConformanceScenarios(modelHarness('none'), { threads: 0 })).toThrow(/threads must be a positive integer; got 0/);
    expect(() => actionRegistryHarness('ActionRegistry' as never)).toThrow(/expected the ActionRegistry class/);
  });

  it('leaves the real global scope clean and unconfigured after each scenario', async () => {
    const report = await runRegistryConformance(actionRegistryHarness(ActionRegistry), { ...fast, threads: 2, actionsPerThread: 5 });
    expect(report.failed).toEqual([]);
    expect(new ActionRegistry().listActions().global).toEqual([]);
  });
});
