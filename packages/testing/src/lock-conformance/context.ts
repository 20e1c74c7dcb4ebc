import assert from 'node:assert/strict';
import { describeValue, isLockStrategy } from '@soni/core';
import type { LockStrategy } from '@soni/core';
import type { ConformanceScenario } from '../conformance-scenarios';
import { describeError } from '../describe-error';
import { withDeadline, yieldToEventLoop } from '../timing';
import type { LockCapabilities, LockFactory } from './capabilities';

/** One lock conformance test. */
export type LockScenario = ConformanceScenario<'basic' | keyof LockCapabilities>;

/** A step that can be released from outside. */
export interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
}

/** A promise with its resolve function outside. */
export function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Marks `promise` as handled (it is awaited later, maybe never if an assertion fails first). */
export function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** Lets queued lock hand-offs and timers run, then returns. */
export async function settle(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await yieldToEventLoop();
}

function codeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
}

/** Asserts that `promise` rejects with an error whose `code` is `code`. */
export async function assertRejectsWithCode(promise: Promise<unknown>, code: string, what: string): Promise<void> {
  let outcome: { ok: true; value: unknown } | { ok: false; error: unknown };
  try {
    outcome = { ok: true, value: await promise };
  } catch (error) {
    outcome = { ok: false, error };
  }
  assert.ok(!outcome.ok, `${what}: expected a rejection with code '${code}', but it resolved`);
  assert.equal(codeOf(outcome.error), code, `${what}: expected code '${code}', got ${describeError(outcome.error)}`);
}

/** What every group of lock scenarios is given. */
export interface LockSuiteContext {
  /** A fresh lock from the factory, checked to be a `LockStrategy`. */
  readonly make: () => Promise<LockStrategy>;
  /** `promise`, or a failure naming `what` if it makes no progress before the deadline. */
  readonly within: <T>(promise: PromiseLike<T>, what: string) => Promise<T>;
  /** Concurrent holders in the exclusion and counter tests. */
  readonly contenders: number;
  /** Adds a scenario. */
  readonly add: (claim: LockScenario['claim'], name: string, run: () => Promise<void>) => void;
}

/** Builds the context the scenario groups share, collecting their scenarios into `scenarios`. */
export function lockSuiteContext(factory: LockFactory, deadlineMs: number, contenders: number, scenarios: LockScenario[]): LockSuiteContext {
  return {
    make: async () => {
      const lock = await factory();
      assert.ok(isLockStrategy(lock), `the factory must return a LockStrategy; got ${describeValue(lock)}`);
      return lock;
    },
    within: (promise, what) => withDeadline(promise, deadlineMs, what),
    contenders,
    add: (claim, name, run) => {
      scenarios.push({ claim, name, run });
    },
  };
}

/** Runs `fn` under `lock` in `mode`. */
export function runIn<T>(lock: LockStrategy, mode: 'exclusive' | 'shared', fn: () => T | PromiseLike<T>): Promise<T> {
  return mode === 'exclusive' ? lock.runExclusive(fn) : lock.runShared(fn);
}

/**
 * While a `holderMode` holder is inside, a `waiterMode` request (started by `request`, which
 * may give up) must not enter until the holder leaves. Resolves to whether the waiter ran.
 */
export async function assertHolderKeepsLock(
  ctx: LockSuiteContext,
  lock: LockStrategy,
  holderMode: 'exclusive' | 'shared',
  waiterMode: 'exclusive' | 'shared',
): Promise<void> {
  const release = deferred();
  const entered = deferred();
  let holderInside = false;
  const holder = handled(
    runIn(lock, holderMode, async () => {
      holderInside = true;
      entered.resolve();
      await release.promise;
      holderInside = false;
    }),
  );
  // A free lock grants at once in process, but a lock outside it (Redis) needs a round trip:
  // wait for the holder to be inside, up to the suite's deadline, rather than a fixed number of
  // event-loop turns.
  await ctx.within(Promise.race([entered.promise, holder]), `the ${holderMode} holder to start`);
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
  await ctx.within(Promise.all([holder, waiter]), `release of the ${holderMode} holder`);
  assert.ok(waiterRan, `the ${waiterMode} holder never ran`);
}
