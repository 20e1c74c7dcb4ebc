import assert from 'node:assert/strict';
import { InvalidArgumentError, describeValue } from '@soni/core';
import type { ActionFunc, Logger } from '@soni/core';
import { assertAllFulfilled, runAll, runConcurrently } from './concurrent-runner';
import type { ConformanceReport, TestApi } from './conformance-report';
import { createLogCapture } from './log-capture';
import type { LogCapture } from './log-capture';
import { assertSnapshots, observeSnapshots } from './snapshot-check';
import { assertStressClean, runStressLoop } from './stress-loop';
import { yieldToEventLoop } from './timing';

type MaybePromise<T> = T | Promise<T>;

/**
 * The registry operations the suite drives: the Python `ActionRegistry` API. Methods may
 * return promises (a wrapper that persists or validates asynchronously); the suite awaits
 * them.
 */
export interface RegistrySubject {
  /** Registers `fn` in the global scope (`ActionRegistry.register(name)(fn)`). */
  register(name: string, fn: ActionFunc): unknown;
  /** Registers `fn` in this instance's local scope. */
  registerLocal(name: string, fn: ActionFunc): unknown;
  /** The action under `name` (local first, then global), `undefined` when absent. */
  get(name: string): unknown;
  /** The names in each scope. */
  listActions(): MaybePromise<{ readonly global: readonly string[]; readonly local: readonly string[] }>;
  /** Removes every global action. */
  clearGlobal(): unknown;
}

/** How the suite gets a registry to test. */
export interface RegistryHarness {
  /**
   * A fresh subject with empty global and local scopes, logging (globally and locally) to
   * `logger`. Called once per test.
   */
  create(context: { logger: Logger }): MaybePromise<RegistrySubject>;
  /** Undoes global changes after each test (clear the global scope, reset the logger). */
  teardown?(): unknown;
}

/**
 * The static side of `ActionRegistry` (or a subclass) as the suite uses it; the real class
 * fits without a cast.
 */
export interface ActionRegistryClassLike {
  new (options?: { logger?: Logger }): {
    registerLocal(name: string, fn: ActionFunc): unknown;
    get(name: string): unknown;
    listActions(): { readonly global: readonly string[]; readonly local: readonly string[] };
  };
  register(name: string): (fn: ActionFunc) => unknown;
  clearGlobal(): void;
  configure(options: { logger?: Logger }): void;
}

/**
 * A {@link RegistryHarness} for `ActionRegistry` or any subclass: each test gets a new
 * instance with the capture logger, the global scope cleared and configured with the same
 * logger; teardown clears it again and resets the configuration (`configure({})`).
 *
 * @example
 * ```ts
 * registryConformanceSuite({ describe, it }, 'ActionRegistry', actionRegistryHarness(ActionRegistry));
 * ```
 */
export function actionRegistryHarness(RegistryClass: ActionRegistryClassLike): RegistryHarness {
  if (typeof RegistryClass !== 'function') {
    throw new InvalidArgumentError(`actionRegistryHarness: expected the ActionRegistry class; got ${describeValue(RegistryClass)}`);
  }
  return {
    create: ({ logger }) => {
      RegistryClass.clearGlobal();
      RegistryClass.configure({ logger });
      const registry = new RegistryClass({ logger });
      return {
        register: (name, fn) => RegistryClass.register(name)(fn),
        registerLocal: (name, fn) => registry.registerLocal(name, fn),
        get: (name) => registry.get(name),
        listActions: () => registry.listActions(),
        clearGlobal: () => {
          RegistryClass.clearGlobal();
        },
      };
    },
    teardown: () => {
      RegistryClass.clearGlobal();
      RegistryClass.configure({});
    },
  };
}

/** Sizes and durations of the suite (the seed's values by default). */
export interface RegistrySuiteOptions {
  /** Concurrent global registrars. @default 10 */
  threads?: number;
  /** Global registrations per registrar. @default 100 */
  actionsPerThread?: number;
  /** Concurrent local registrars. @default 10 */
  localThreads?: number;
  /** Local registrations per registrar. @default 50 */
  localActionsPerThread?: number;
  /** How long the read/write stress runs. @default 300 */
  readWriteDurationMs?: number;
  /** Actions registered before the atomic-clear test. @default 100 */
  clearCount?: number;
}

/** One registry conformance test, runnable with any runner or none. */
export interface RegistryScenario {
  readonly name: string;
  run(): Promise<void>;
}

const noopAction: ActionFunc = () => ({});

function positive(value: number | undefined, fallback: number, what: string): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`registry conformance: ${what} must be a positive integer; got ${describeValue(n)}`);
  return n;
}

/** `tasks` concurrent registrars each register `perTask` actions in `scope`; all must be kept. */
async function registerConcurrently(registry: RegistrySubject, scope: 'global' | 'local', tasks: number, perTask: number): Promise<void> {
  const prefix = scope === 'global' ? 'action' : 'local';
  const report = await runConcurrently(tasks, async ({ index, step }) => {
    const registered: string[] = [];
    for (let i = 0; i < perTask; i++) {
      const name = `${prefix}_${index}_${i}`;
      const fn: ActionFunc = () => ({ thread: index, index: i });
      await (scope === 'global' ? registry.register(name, fn) : registry.registerLocal(name, fn));
      registered.push(name);
      await step();
    }
    return registered;
  });
  const all = assertAllFulfilled(report).flat();
  for (const name of all) assert.notEqual(await registry.get(name), undefined, `${scope === 'global' ? 'Action' : 'Local action'} ${name} not found`);
  const listed = (await registry.listActions())[scope];
  assert.equal(listed.length, tasks * perTask, `expected ${tasks * perTask} ${scope} actions, found ${listed.length}`);
}

/**
 * The seed's thread-safety tests (concurrent global and local registration, concurrent
 * reads and writes with a stop signal, overwrite warning, atomic `clearGlobal`) as plain
 * scenarios for anything that wraps or extends `ActionRegistry`.
 *
 * @example
 * ```ts
 * const report = await runRegistryConformance(actionRegistryHarness(MyRegistry));
 * assert.deepEqual(report.failed, []);
 * ```
 */
export function registryConformanceScenarios(harness: RegistryHarness, options: RegistrySuiteOptions = {}): RegistryScenario[] {
  if (typeof harness !== 'object' || (harness as unknown) === null || typeof harness.create !== 'function') {
    throw new InvalidArgumentError(`registry conformance: harness must have a create function; got ${describeValue(harness)}`);
  }
  const threads = positive(options.threads, 10, 'threads');
  const perThread = positive(options.actionsPerThread, 100, 'actionsPerThread');
  const localThreads = positive(options.localThreads, 10, 'localThreads');
  const localPerThread = positive(options.localActionsPerThread, 50, 'localActionsPerThread');
  const durationMs = positive(options.readWriteDurationMs, 300, 'readWriteDurationMs');
  const clearCount = positive(options.clearCount, 100, 'clearCount');

  const withSubject = (body: (registry: RegistrySubject, logs: LogCapture) => Promise<void>) => async (): Promise<void> => {
    const logs = createLogCapture();
    try {
      await body(await harness.create({ logger: logs }), logs);
    } finally {
      await harness.teardown?.();
    }
  };

  return [
    {
      name: `concurrent global registration: ${threads} tasks x ${perThread} actions are all kept`,
      run: withSubject((registry) => registerConcurrently(registry, 'global', threads, perThread)),
    },
    {
      name: `concurrent local registration: ${localThreads} tasks x ${localPerThread} actions on one instance are all kept`,
      run: withSubject((registry) => registerConcurrently(registry, 'local', localThreads, localPerThread)),
    },
    {
      name: `concurrent reads and writes for ${durationMs} ms: no error, presets always visible, every write kept`,
      run: withSubject(async (registry) => {
        for (let i = 0; i < 10; i++) await registry.register(`preset_${i}`, () => ({ preset: i }));
        const written: string[] = [];
        const report = await runStressLoop({
          readers: {
            count: 3,
            operation: async () => {
              for (let i = 0; i < 10; i++) {
                if ((await registry.get(`preset_${i}`)) === undefined) throw new Error(`Reader error: preset_${i} missing`);
              }
              await registry.listActions();
            },
          },
          writers: {
            count: 2,
            operation: async ({ index, iteration }) => {
              const name = `dynamic_${index}_${iteration}`;
              await registry.registerLocal(name, () => ({}));
              written.push(name);
            },
          },
          invariant: async () => (await registry.listActions()).global.length === 10,
          durationMs,
        });
        assertStressClean(report, { minOpsPerWorker: 2 });
        const { local } = await registry.listActions();
        const missing = written.filter((name) => !local.includes(name));
        assert.deepEqual(missing, [], `${missing.length} local registration(s) were lost`);
      }),
    },
    {
      name: 'overwriting a global action logs a warning naming the action and both functions',
      run: withSubject(async (registry, logs) => {
        function firstAction(): Record<string, unknown> {
          return { first: true };
        }
        function secondAction(): Record<string, unknown> {
          return { second: true };
        }
        await registry.register('duplicate_test', firstAction);
        logs.assertNotLogged({ minLevel: 'warn' });
        await registry.register('duplicate_test', secondAction);
        assert.match(logs.text, /Overwriting/);
        assert.match(logs.text, /duplicate_test/);
        logs.assertLogged(
          { level: 'warn', message: "Overwriting existing global action 'duplicate_test'. Previous: firstAction, New: secondAction" },
          1,
        );
        assert.equal(await registry.get('duplicate_test'), secondAction, 'the second registration must win');
      }),
    },
    {
      name: 'overwriting a local action logs a warning naming the action and both functions',
      run: withSubject(async (registry, logs) => {
        function firstLocal(): Record<string, unknown> {
          return {};
        }
        function secondLocal(): Record<string, unknown> {
          return {};
        }
        await registry.registerLocal('dup_local', firstLocal);
        await registry.registerLocal('dup_local', secondLocal);
        logs.assertLogged({ level: 'warn', message: "Overwriting existing local action 'dup_local'. Previous: firstLocal, New: secondLocal" }, 1);
        assert.equal(await registry.get('dup_local'), secondLocal);
      }),
    },
    {
      name: `clearGlobal is atomic: readers see ${clearCount} or 0 actions, never part`,
      run: withSubject(async (registry) => {
        for (let i = 0; i < clearCount; i++) await registry.register(`clear_test_${i}`, noopAction);
        const report = await runAll<number[] | undefined>([
          () => observeSnapshots(async () => (await registry.listActions()).global.length, { samples: 1000 }),
          async () => {
            // Let the reader take a few snapshots of the full state first.
            for (let i = 0; i < 20; i++) await yieldToEventLoop();
            await registry.clearGlobal();
            return undefined;
          },
        ]);
        const [observed = []] = assertAllFulfilled(report);
        assertSnapshots(observed, [0, clearCount], { mustSee: [clearCount, 0] });
        assert.equal((await registry.listActions()).global.length, 0);
      }),
    },
  ];
}

/**
 * Registers the registry conformance tests with your runner's `describe`/`it`.
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import { ActionRegistry } from '@soni/core';
 * import { actionRegistryHarness, registryConformanceSuite } from '@soni/testing';
 *
 * registryConformanceSuite({ describe, it }, 'ActionRegistry', actionRegistryHarness(ActionRegistry));
 * ```
 */
export function registryConformanceSuite(test: TestApi, name: string, harness: RegistryHarness, options: RegistrySuiteOptions = {}): void {
  const scenarios = registryConformanceScenarios(harness, options);
  test.describe(`registry conformance: ${name}`, () => {
    for (const scenario of scenarios) test.it(scenario.name, () => scenario.run());
  });
}

/** Runs every registry scenario in turn without a test runner and reports which failed. */
export async function runRegistryConformance(harness: RegistryHarness, options: RegistrySuiteOptions = {}): Promise<ConformanceReport> {
  const passed: string[] = [];
  const failed: { name: string; claim: string; error: unknown }[] = [];
  for (const scenario of registryConformanceScenarios(harness, options)) {
    try {
      await scenario.run();
      passed.push(scenario.name);
    } catch (error) {
      failed.push({ name: scenario.name, claim: 'basic', error });
    }
  }
  return { passed, failed };
}
