import assert from 'node:assert/strict';
import { AsyncLocalStorage } from 'node:async_hooks';
import { InvalidArgumentError, describeValue, isLockStrategy } from '@soni/core';
import type { LockStrategy } from '@soni/core';
import type { ConformanceReport, TestApi } from './conformance-report';
import { describeError } from './describe-error';
import { sleep, withDeadline, yieldToEventLoop } from './timing';

/**
 * What a lock strategy claims; the suite only registers the tests for what is claimed.
 * Every strategy gets the basic contract tests (result, error propagation, release after
 * error, no leak).
 */
export interface LockCapabilities {
  /**
   * `runExclusive` holders never overlap with each other nor with `runShared` holders.
   * `false` for a no-op strategy.
   * @default true
   */
  mutualExclusion?: boolean;
  /**
   * Several `runShared` holders can run at once (a read-write lock). When `false` and
   * `mutualExclusion` is true, shared holders are serialised too (a mutex).
   * @default false
   */
  sharedConcurrency?: boolean;
  /** Waiters for the exclusive lock acquire it in the order they asked. @default false */
  fifo?: boolean;
  /**
   * Once an exclusive waiter is queued, new shared requests wait behind it, so a stream of
   * readers cannot starve a writer. Needs `sharedConcurrency`.
   * @default false
   */
  writerPreference?: boolean;
  /**
   * `timeoutMs` is honoured: a waiter that gives up rejects with `code: 'LOCK_TIMEOUT'` and
   * its function never runs.
   * @default false
   */
  timeouts?: boolean;
  /**
   * `signal` is honoured: an aborted or aborting waiter rejects with `code: 'LOCK_ABORTED'`
   * and its function never runs.
   * @default false
   */
  abort?: boolean;
  /** `runExclusive` nested in the same async call chain re-enters instead of waiting. @default false */
  reentrancy?: boolean;
  /**
   * `runExclusive` nested in the same async call chain rejects with
   * `code: 'LOCK_REENTRANCY'` instead of deadlocking. Excludes `reentrancy`.
   * @default false
   */
  selfDeadlockDetection?: boolean;
  /**
   * A queued function runs in its own caller's async context (its `AsyncLocalStorage`
   * stores: request ids, trace spans), not in the context of the holder whose release let it
   * in. Locks that start the next queued callback from the releaser's call stack fail it.
   * @default false
   */
  asyncContext?: boolean;
}

/** Creates a fresh lock for each test. */
export type LockFactory = () => LockStrategy | Promise<LockStrategy>;

/** Tuning of the suite. */
export interface LockSuiteOptions {
  /**
   * How long a step may make no progress before the test fails as a deadlock.
   * @default 2000
   */
  deadlineMs?: number;
  /**
   * Concurrent holders in the mutual-exclusion and counter tests.
   * @default 8
   */
  contenders?: number;
}

/** One test of the suite, runnable with any test runner or none. */
export interface LockScenario {
  /** `'basic'` or the capability the test checks. */
  readonly claim: 'basic' | keyof LockCapabilities;
  readonly name: string;
  run(): Promise<void>;
}

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Marks `promise` as handled (it is awaited later, maybe never if an assertion fails first). */
function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** Lets queued lock hand-offs and timers run, then returns. */
async function settle(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await yieldToEventLoop();
}

function codeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
}

async function assertRejectsWithCode(promise: Promise<unknown>, code: string, what: string): Promise<void> {
  let outcome: { ok: true; value: unknown } | { ok: false; error: unknown };
  try {
    outcome = { ok: true, value: await promise };
  } catch (error) {
    outcome = { ok: false, error };
  }
  assert.ok(!outcome.ok, `${what}: expected a rejection with code '${code}', but it resolved`);
  assert.equal(codeOf(outcome.error), code, `${what}: expected code '${code}', got ${describeError(outcome.error)}`);
}

function checkCapabilities(capabilities: unknown): Required<LockCapabilities> {
  if (typeof capabilities !== 'object' || capabilities === null) {
    throw new InvalidArgumentError(`lock conformance: capabilities must be an object; got ${describeValue(capabilities)}`);
  }
  const known = ['mutualExclusion', 'sharedConcurrency', 'fifo', 'writerPreference', 'timeouts', 'abort', 'reentrancy', 'selfDeadlockDetection', 'asyncContext'];
  for (const [key, value] of Object.entries(capabilities)) {
    if (!known.includes(key)) throw new InvalidArgumentError(`lock conformance: unknown capability '${key}'; known: ${known.join(', ')}`);
    if (typeof value !== 'boolean' && value !== undefined) {
      throw new InvalidArgumentError(`lock conformance: capability '${key}' must be a boolean; got ${describeValue(value)}`);
    }
  }
  const c = capabilities as LockCapabilities;
  const full: Required<LockCapabilities> = {
    mutualExclusion: c.mutualExclusion ?? true,
    sharedConcurrency: c.sharedConcurrency ?? false,
    fifo: c.fifo ?? false,
    writerPreference: c.writerPreference ?? false,
    timeouts: c.timeouts ?? false,
    abort: c.abort ?? false,
    reentrancy: c.reentrancy ?? false,
    selfDeadlockDetection: c.selfDeadlockDetection ?? false,
    asyncContext: c.asyncContext ?? false,
  };
  if (full.reentrancy && full.selfDeadlockDetection) {
    throw new InvalidArgumentError('lock conformance: a lock cannot claim both reentrancy and selfDeadlockDetection');
  }
  if (full.writerPreference && !full.sharedConcurrency) {
    throw new InvalidArgumentError('lock conformance: writerPreference needs sharedConcurrency');
  }
  if (full.fifo && !full.mutualExclusion) {
    throw new InvalidArgumentError('lock conformance: fifo needs mutualExclusion');
  }
  return full;
}

/**
 * The lock conformance tests for a strategy with the given capabilities, as plain objects
 * you can run with any runner (or none: see {@link runLockConformance}). Tests for claims
 * the strategy does not make are not included at all.
 *
 * Every step that waits has a deadline, so a deadlocking lock fails instead of hanging.
 *
 * @example
 * ```ts
 * for (const scenario of lockConformanceScenarios(() => new MutexLock(), { fifo: true })) {
 *   await scenario.run();
 * }
 * ```
 */
export function lockConformanceScenarios(
  factory: LockFactory,
  capabilities: LockCapabilities = {},
  options: LockSuiteOptions = {},
): LockScenario[] {
  if (typeof factory !== 'function') {
    throw new InvalidArgumentError(`lock conformance: factory must be a function returning a LockStrategy; got ${describeValue(factory)}`);
  }
  const caps = checkCapabilities(capabilities);
  const deadlineMs = options.deadlineMs ?? 2000;
  const contenders = options.contenders ?? 8;
  const within = <T>(promise: PromiseLike<T>, what: string): Promise<T> => withDeadline(promise, deadlineMs, what);
  const make = async (): Promise<LockStrategy> => {
    const lock = await factory();
    assert.ok(isLockStrategy(lock), `the factory must return a LockStrategy; got ${describeValue(lock)}`);
    return lock;
  };
  const scenarios: LockScenario[] = [];
  const add = (claim: LockScenario['claim'], name: string, run: () => Promise<void>): void => {
    scenarios.push({ claim, name, run });
  };

  const runIn = <T>(lock: LockStrategy, mode: 'exclusive' | 'shared', fn: () => T | PromiseLike<T>): Promise<T> =>
    mode === 'exclusive' ? lock.runExclusive(fn) : lock.runShared(fn);

  /** The most holders in `mode` that were inside at once, with `contenders` competing. */
  const maxOverlap = async (lock: LockStrategy, mode: 'exclusive' | 'shared'): Promise<number> => {
    let inside = 0;
    let maxInside = 0;
    const holders = Array.from({ length: contenders }, () =>
      runIn(lock, mode, async () => {
        inside += 1;
        maxInside = Math.max(maxInside, inside);
        await yieldToEventLoop();
        await yieldToEventLoop();
        inside -= 1;
      }),
    );
    await within(Promise.all(holders), `${mode} holders`);
    return maxInside;
  };

  /** While a `holderMode` holder is inside, a `waiterMode` request must wait until it leaves. */
  const assertExcludes = async (lock: LockStrategy, holderMode: 'exclusive' | 'shared', waiterMode: 'exclusive' | 'shared'): Promise<void> => {
    const release = deferred();
    let holderInside = false;
    const holder = handled(
      runIn(lock, holderMode, async () => {
        holderInside = true;
        await release.promise;
        holderInside = false;
      }),
    );
    await settle();
    assert.ok(holderInside, `the ${holderMode} holder did not start`);
    let waiterRan = false;
    const waiter = handled(
      runIn(lock, waiterMode, () => {
        waiterRan = true;
        assert.ok(!holderInside, `a ${waiterMode} holder ran while a ${holderMode} holder was inside`);
      }),
    );
    await settle();
    assert.ok(!waiterRan, `a ${waiterMode} holder entered while a ${holderMode} holder held the lock`);
    release.resolve();
    await within(Promise.all([holder, waiter]), `release of the ${holderMode} holder`);
    assert.ok(waiterRan, `the ${waiterMode} holder never ran`);
  };

  add('basic', 'has a non-empty string kind', async () => {
    const lock = await make();
    assert.equal(typeof lock.kind, 'string');
    assert.ok(lock.kind.length > 0, 'kind must not be empty');
  });

  add('basic', 'resolves to the result of sync and async functions in both modes', async () => {
    const lock = await make();
    assert.equal(await within(lock.runExclusive(() => 1), 'runExclusive(sync)'), 1);
    assert.equal(await within(lock.runExclusive(async () => { await yieldToEventLoop(); return 2; }), 'runExclusive(async)'), 2);
    assert.equal(await within(lock.runShared(() => 3), 'runShared(sync)'), 3);
    assert.equal(await within(lock.runShared(async () => { await yieldToEventLoop(); return 4; }), 'runShared(async)'), 4);
  });

  add('basic', "rejects with the function's own error, sync or async, and releases the lock", async () => {
    const lock = await make();
    const boom = new Error('boom');
    await assert.rejects(within(lock.runExclusive(() => { throw boom; }), 'runExclusive(throws)'), (e) => e === boom);
    await assert.rejects(within(lock.runExclusive(async () => { await yieldToEventLoop(); throw boom; }), 'runExclusive(rejects)'), (e) => e === boom);
    await assert.rejects(within(lock.runShared(() => { throw boom; }), 'runShared(throws)'), (e) => e === boom);
    assert.equal(await within(lock.runExclusive(() => 'free'), 'runExclusive after errors (lock leaked?)'), 'free');
    assert.equal(await within(lock.runShared(() => 'free'), 'runShared after errors (lock leaked?)'), 'free');
  });

  add('basic', 'runs every function exactly once under load', async () => {
    const lock = await make();
    const calls = new Array<number>(contenders * 2).fill(0);
    await within(
      Promise.all(
        calls.map((_, i) =>
          (i % 2 === 0 ? lock.runExclusive.bind(lock) : lock.runShared.bind(lock))(async () => {
            calls[i] = (calls[i] ?? 0) + 1;
            await yieldToEventLoop();
          }),
        ),
      ),
      'concurrent calls',
    );
    assert.deepEqual(calls, new Array<number>(calls.length).fill(1));
  });

  if (caps.mutualExclusion) {
    add('mutualExclusion', 'never lets two exclusive holders overlap', async () => {
      const maxInside = await maxOverlap(await make(), 'exclusive');
      assert.equal(maxInside, 1, `${maxInside} exclusive holders ran at the same time`);
    });

    add('mutualExclusion', 'loses no update in a read-await-write counter', async () => {
      const lock = await make();
      let counter = 0;
      const rounds = 5;
      await within(
        Promise.all(
          Array.from({ length: contenders }, async () => {
            for (let i = 0; i < rounds; i++) {
              await lock.runExclusive(async () => {
                const read = counter;
                await yieldToEventLoop();
                counter = read + 1;
              });
            }
          }),
        ),
        'counter increments',
      );
      assert.equal(counter, contenders * rounds, `lost ${contenders * rounds - counter} update(s)`);
    });

    add('mutualExclusion', 'keeps shared holders out while an exclusive holder runs, and the reverse', async () => {
      const lock = await make();
      await assertExcludes(lock, 'exclusive', 'shared');
      await assertExcludes(lock, 'shared', 'exclusive');
    });
  }

  if (caps.mutualExclusion && !caps.sharedConcurrency) {
    add('sharedConcurrency', 'serialises shared holders (no shared concurrency claimed)', async () => {
      const maxInside = await maxOverlap(await make(), 'shared');
      assert.equal(maxInside, 1, `${maxInside} shared holders overlapped on a lock that does not claim shared concurrency`);
    });
  }

  if (caps.sharedConcurrency) {
    add('sharedConcurrency', 'lets shared holders run at the same time', async () => {
      const lock = await make();
      const all = deferred();
      let entered = 0;
      const readers = Array.from({ length: contenders }, () =>
        lock.runShared(async () => {
          entered += 1;
          if (entered === contenders) all.resolve();
          // Each reader waits until every reader is inside: only possible if they overlap.
          await all.promise;
        }),
      );
      await within(Promise.all(readers), `${contenders} shared holders waiting for each other (only ${entered} got in)`);
      assert.equal(entered, contenders);
    });
  }

  if (caps.fifo) {
    add('fifo', 'grants the exclusive lock to waiters in the order they asked', async () => {
      const lock = await make();
      const release = deferred();
      const holder = handled(lock.runExclusive(() => release.promise));
      await settle();
      const order: number[] = [];
      const waiters = Array.from({ length: contenders }, (_, i) =>
        lock.runExclusive(async () => {
          order.push(i);
          await yieldToEventLoop();
        }),
      );
      await settle();
      release.resolve();
      await within(Promise.all([holder, ...waiters]), 'queued exclusive waiters');
      assert.deepEqual(order, Array.from({ length: contenders }, (_, i) => i), 'waiters did not acquire in request order');
    });
  }

  if (caps.writerPreference) {
    add('writerPreference', 'makes new shared requests wait behind a queued exclusive waiter', async () => {
      const lock = await make();
      const order: string[] = [];
      const release = deferred();
      const firstReader = handled(lock.runShared(async () => {
        order.push('reader1:start');
        await release.promise;
        order.push('reader1:end');
      }));
      await settle();
      const writer = handled(lock.runExclusive(() => {
        order.push('writer');
      }));
      await settle();
      const secondReader = handled(lock.runShared(() => {
        order.push('reader2');
      }));
      await settle();
      assert.ok(!order.includes('reader2'), 'a new reader overtook the queued writer while the first reader held the lock');
      release.resolve();
      await within(Promise.all([firstReader, writer, secondReader]), 'readers and writer');
      assert.deepEqual(order, ['reader1:start', 'reader1:end', 'writer', 'reader2']);
    });
  }

  if (caps.timeouts) {
    add('timeouts', "rejects a waiter with code 'LOCK_TIMEOUT' after timeoutMs, never runs it, and stays usable", async () => {
      const lock = await make();
      const release = deferred();
      const holder = handled(lock.runExclusive(() => release.promise));
      await settle();
      let ran = false;
      const started = performance.now();
      await within(
        assertRejectsWithCode(lock.runExclusive(() => { ran = true; }, { timeoutMs: 30 }), 'LOCK_TIMEOUT', 'exclusive waiter with timeoutMs 30'),
        'timed-out waiter',
      );
      const waited = performance.now() - started;
      assert.ok(waited >= 20, `the waiter gave up after ${waited.toFixed(1)} ms, before its 30 ms timeout`);
      await within(
        assertRejectsWithCode(lock.runShared(() => { ran = true; }, { timeoutMs: 10 }), 'LOCK_TIMEOUT', 'shared waiter with timeoutMs 10'),
        'timed-out shared waiter',
      );
      release.resolve();
      await within(holder, 'holder');
      await settle();
      assert.ok(!ran, 'a function ran although its wait timed out');
      assert.equal(await within(lock.runExclusive(() => 'ok', { timeoutMs: 1000 }), 'lock after timeouts'), 'ok');
    });

    add('timeouts', 'acquires at once with timeoutMs when the lock is free', async () => {
      const lock = await make();
      assert.equal(await within(lock.runExclusive(() => 'fast', { timeoutMs: 50 }), 'free lock with timeout'), 'fast');
      await sleep(70);
      assert.equal(await within(lock.runExclusive(() => 'still free'), 'lock after an unused timeout'), 'still free');
    });
  }

  if (caps.abort) {
    add('abort', "rejects with code 'LOCK_ABORTED' without running fn when the signal is already aborted", async () => {
      const lock = await make();
      let ran = false;
      await within(
        assertRejectsWithCode(lock.runExclusive(() => { ran = true; }, { signal: AbortSignal.abort() }), 'LOCK_ABORTED', 'runExclusive with an aborted signal'),
        'aborted exclusive',
      );
      await within(
        assertRejectsWithCode(lock.runShared(() => { ran = true; }, { signal: AbortSignal.abort() }), 'LOCK_ABORTED', 'runShared with an aborted signal'),
        'aborted shared',
      );
      assert.ok(!ran, 'a function ran although its signal was already aborted');
    });

    add('abort', "rejects a waiter with code 'LOCK_ABORTED' when its signal aborts, and the lock stays usable", async () => {
      const lock = await make();
      const release = deferred();
      const holder = handled(lock.runExclusive(() => release.promise));
      await settle();
      const controller = new AbortController();
      let ran = false;
      const waiter = handled(lock.runExclusive(() => { ran = true; }, { signal: controller.signal }));
      await settle();
      controller.abort();
      await within(assertRejectsWithCode(waiter, 'LOCK_ABORTED', 'waiter whose signal aborted'), 'aborted waiter');
      release.resolve();
      await within(holder, 'holder');
      await settle();
      assert.ok(!ran, 'a function ran although its wait was aborted');
      assert.equal(await within(lock.runExclusive(() => 'ok'), 'lock after an aborted waiter'), 'ok');
    });
  }

  if (caps.reentrancy) {
    add('reentrancy', 're-enters runExclusive nested in the same call chain', async () => {
      const lock = await make();
      const value = await within(
        lock.runExclusive(async () => {
          await yieldToEventLoop();
          return lock.runExclusive(() => 'inner');
        }),
        'nested runExclusive (deadlocked?)',
      );
      assert.equal(value, 'inner');
    });

    add('reentrancy', 'still excludes other call chains while re-entered', async () => {
      const lock = await make();
      const release = deferred();
      let otherRan = false;
      const outer = handled(lock.runExclusive(() => lock.runExclusive(() => release.promise)));
      await settle();
      const other = handled(lock.runExclusive(() => {
        otherRan = true;
      }));
      await settle();
      assert.ok(!otherRan, 'another call chain entered while the lock was held re-entrantly');
      release.resolve();
      await within(Promise.all([outer, other]), 'release of the re-entrant holder');
      assert.ok(otherRan);
    });
  }

  if (caps.selfDeadlockDetection) {
    add('selfDeadlockDetection', "rejects a nested runExclusive with code 'LOCK_REENTRANCY' instead of hanging", async () => {
      const lock = await make();
      await within(
        assertRejectsWithCode(
          lock.runExclusive(() => lock.runExclusive(() => 'never')),
          'LOCK_REENTRANCY',
          'nested runExclusive',
        ),
        'nested runExclusive (deadlocked instead of being detected)',
      );
      assert.equal(await within(lock.runExclusive(() => 'ok'), 'lock after a detected self-deadlock'), 'ok');
    });
  }

  if (caps.asyncContext) {
    add('asyncContext', "runs each queued function in its own caller's AsyncLocalStorage context", async () => {
      const lock = await make();
      const request = new AsyncLocalStorage<string>();
      const ids = Array.from({ length: Math.max(3, Math.min(contenders, 6)) }, (_, i) => `request-${i}`);
      const seen: { id: string; saw: string | undefined }[] = [];
      await within(
        Promise.all(
          ids.map((id) =>
            request.run(id, () =>
              lock.runExclusive(async () => {
                seen.push({ id, saw: request.getStore() });
                await yieldToEventLoop();
              }),
            ),
          ),
        ),
        'contending requests',
      );
      const wrong = seen.filter(({ id, saw }) => saw !== id).map(({ id, saw }) => `${id} ran in ${saw ?? 'no context'}`);
      assert.deepEqual(wrong, [], `queued functions ran in another request's context: ${wrong.join('; ')}`);
      assert.equal(seen.length, ids.length, 'every request ran once');
    });
  }

  return scenarios;
}

/**
 * Registers the lock conformance tests with your test runner: the caller passes its own
 * `describe`/`it`, a factory and what the lock claims. Only claimed capabilities get tests.
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import { lockConformanceSuite } from '@soni/testing';
 *
 * lockConformanceSuite({ describe, it }, 'ReadWriteLock', () => new ReadWriteLock(), {
 *   sharedConcurrency: true, writerPreference: true, fifo: true, timeouts: true, abort: true,
 * });
 * ```
 */
export function lockConformanceSuite(
  test: TestApi,
  name: string,
  factory: LockFactory,
  capabilities: LockCapabilities = {},
  options: LockSuiteOptions = {},
): void {
  const scenarios = lockConformanceScenarios(factory, capabilities, options);
  test.describe(`lock conformance: ${name}`, () => {
    for (const scenario of scenarios) {
      test.it(scenario.claim === 'basic' ? scenario.name : `[${scenario.claim}] ${scenario.name}`, () => scenario.run());
    }
  });
}

/**
 * Runs every scenario one after another, without a test runner, and reports which failed:
 * handy in scripts, and to check that a broken lock really fails the suite.
 *
 * @example
 * ```ts
 * const report = await runLockConformance(() => myLock, { mutualExclusion: true });
 * report.failed.map((f) => f.name);
 * ```
 */
export async function runLockConformance(
  factory: LockFactory,
  capabilities: LockCapabilities = {},
  options: LockSuiteOptions = {},
): Promise<ConformanceReport> {
  const passed: string[] = [];
  const failed: { name: string; claim: string; error: unknown }[] = [];
  for (const scenario of lockConformanceScenarios(factory, capabilities, options)) {
    try {
      await scenario.run();
      passed.push(scenario.name);
    } catch (error) {
      failed.push({ name: scenario.name, claim: scenario.claim, error });
    }
  }
  return { passed, failed };
}
