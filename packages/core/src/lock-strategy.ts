import { LockAbortedError, type LockMode } from './lock-errors';
import { assertFunction, readLockOptions } from './option-checks';
import { SYNC_SHARED_GRANT, UNLOCKED_GRANT } from './sync-grant';

/** Options every lock acquisition takes. */
export interface LockOptions {
  /** Give up waiting when this signal aborts; the function is then never run. */
  signal?: AbortSignal;
  /** Give up waiting after this many milliseconds; the function is then never run. */
  timeoutMs?: number;
}

/**
 * What a strategy tells the function it runs about its grant. In-process locks hand every
 * function the same empty hold: a process cannot lose a lock it holds in memory. Distributed
 * strategies (`@soni/locking-redis`) fill it in.
 */
export interface LockHold {
  /**
   * Aborts if the hold is lost before the function settles (a lease that expired or could
   * not be renewed), with the reason as `signal.reason`. Absent when the strategy cannot lose
   * a hold. The registry aborts the action's `context.signal` with it.
   */
  readonly signal?: AbortSignal;
  /**
   * A number that strictly increases with every exclusive grant of this lock, for a protected
   * resource to reject a holder whose lease has run out (a fencing token). Absent when the
   * strategy does not issue them.
   */
  readonly fencingToken?: number;
}

/**
 * The function a lock runs: receives its {@link LockHold} and returns or resolves to a value.
 * The parameter is optional so that strategies written before holds existed (which call
 * `fn()`) still satisfy the contract; strategies that issue holds may type it as required.
 */
export type LockedFunction<T> = (hold?: LockHold) => T | PromiseLike<T>;

/**
 * How the registry coordinates operations that span `await`s.
 *
 * - `runShared(fn)`: run `fn` while holding the lock in shared mode (action executions).
 *   Several shared holders may run at once if the strategy allows it.
 * - `runExclusive(fn)`: run `fn` while holding the lock alone (transactions, reloads).
 *
 * Both resolve to `fn`'s result or reject with its error, and release the lock when `fn`
 * settles, not before. A strategy that gives up waiting (timeout or abort) must never run
 * `fn`, and should reject with `LockTimeoutError` / `LockAbortedError` (codes `'LOCK_TIMEOUT'`
 * and `'LOCK_ABORTED'`, mapped by the registry to `ActionError` `'TIMEOUT'` and `'ABORTED'`).
 * `fn` is called with a {@link LockHold}; a strategy that calls it without one is tolerated.
 *
 * Implementations: `MutexLock`, `ReadWriteLock` and `NoopLock` in `@soni/locking`, the Redis
 * locks of `@soni/locking-redis`; write your own and check it with the conformance suite of
 * `@soni/testing`.
 */
export interface LockStrategy {
  /** `'mutex'`, `'rwlock'` or `'none'` for the built-in strategies; any name for yours. */
  readonly kind: string;
  /**
   * Runs `fn` holding the lock alone and resolves to its result (or rejects with its error),
   * releasing when `fn` settles. Rejects without running `fn` when the wait times out or its
   * signal aborts.
   */
  runExclusive<T>(fn: LockedFunction<T>, options?: LockOptions): Promise<T>;
  /**
   * Runs `fn` holding the lock in shared mode (beside other shared holders if the strategy
   * allows it, never beside an exclusive one) and resolves to its result; otherwise as
   * {@link LockStrategy.runExclusive}.
   */
  runShared<T>(fn: LockedFunction<T>, options?: LockOptions): Promise<T>;
}

/** The hold in-process strategies pass: nothing can take it away, no tokens. */
export const IN_PROCESS_HOLD: LockHold = Object.freeze({});

/**
 * Runs `fn` without any coordination, as the no-op strategy does: the arguments are checked
 * like any lock's (a bad one rejects with `InvalidArgumentError`), an already-aborted `signal`
 * rejects with `LockAbortedError` without running `fn`, `timeoutMs` can never elapse (nothing
 * waits), and a synchronous throw from `fn` becomes a rejection. Both `NO_LOCK` and
 * `@soni/locking`'s `NoopLock` are built on it, so they behave the same.
 */
export async function runUnlocked<T>(fn: LockedFunction<T>, options: LockOptions | undefined, mode: LockMode): Promise<T> {
  if (options !== undefined || typeof fn !== 'function') {
    const where = mode === 'exclusive' ? 'lock.runExclusive()' : 'lock.runShared()';
    assertFunction(fn, where, 'the function to run under the lock');
    const signal = readLockOptions(options, where)?.signal;
    if (signal?.aborted === true) throw new LockAbortedError('none', mode, signal.reason);
  }
  return fn(IN_PROCESS_HOLD);
}

/**
 * The lock used when none is configured: no coordination. Every call runs at once; an
 * already-aborted signal is still honoured so callers see consistent cancellation.
 */
export const NO_LOCK: LockStrategy = Object.freeze({
  kind: 'none',
  [SYNC_SHARED_GRANT]: UNLOCKED_GRANT,
  runExclusive: <T>(fn: LockedFunction<T>, options?: LockOptions) => runUnlocked(fn, options, 'exclusive'),
  runShared: <T>(fn: LockedFunction<T>, options?: LockOptions) => runUnlocked(fn, options, 'shared'),
});

/** True when `value` has the shape of a {@link LockStrategy}. */
export function isLockStrategy(value: unknown): value is LockStrategy {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.kind === 'string' && typeof v.runExclusive === 'function' && typeof v.runShared === 'function';
}
