import { InvalidArgumentError, assertOptionsObject, describeValue } from '@soni/core';
import type { LockStrategy } from '@soni/core';

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
   * `timeoutMs` is honoured: a waiter that gives up rejects with `code: 'LOCK_TIMEOUT'`, its
   * function never runs, and the holder it waited for keeps the lock to itself.
   * @default false
   */
  timeouts?: boolean;
  /**
   * `signal` is honoured: an aborted or aborting waiter rejects with `code: 'LOCK_ABORTED'`,
   * its function never runs, and the holder it waited for keeps the lock to itself.
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

const KNOWN: readonly (keyof LockCapabilities)[] = [
  'mutualExclusion',
  'sharedConcurrency',
  'fifo',
  'writerPreference',
  'timeouts',
  'abort',
  'reentrancy',
  'selfDeadlockDetection',
  'asyncContext',
];

/** The claims with their defaults, after checking that they are known booleans and consistent. */
export function checkCapabilities(capabilities: unknown): Required<LockCapabilities> {
  assertOptionsObject(capabilities, 'lock conformance: capabilities', KNOWN);
  for (const [key, value] of Object.entries(capabilities)) {
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
