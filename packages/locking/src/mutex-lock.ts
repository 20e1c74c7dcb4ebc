import type { LockedFunction, LockOptions, LockStrategy } from '@soni/core';
import { LockEngine, SYNC_SHARED_GRANT, resolveLockOptions } from '@soni/core';
import type { QueuedLockOptions, LockSnapshot } from '@soni/core';

/**
 * A mutual-exclusion lock: one holder at a time, whatever the mode asked for (`runShared`
 * is `runExclusive`).
 *
 * Guarantees under concurrency:
 * - at most one function runs under the lock at any moment;
 * - waiters are granted in arrival order (FIFO), so none starves while holders finish;
 * - a waiter whose `timeoutMs` elapses or whose `signal` aborts leaves the queue at once, its
 *   function never runs, and the waiters behind it move up without delay;
 * - the lock is released when the function returns, throws or rejects; its error reaches the
 *   caller unchanged;
 * - a request from the async context that already holds the lock rejects at once with
 *   `LockReentrancyError` (unless `reentrant: true`, where it re-enters; see the README).
 *
 * @example
 * ```ts
 * const lock = new MutexLock({ timeoutMs: 5_000 });
 * const total = await lock.runExclusive(async () => {
 *   const value = await store.read();
 *   await store.write(value + 1);
 *   return value + 1;
 * });
 * ```
 */
export class MutexLock implements LockStrategy {
  /** Always `'mutex'`. */
  readonly kind = 'mutex' as const;
  readonly #engine: LockEngine;
  /** The registry's fast path for uncontended executions (see `SyncSharedGrant` in core). */
  readonly [SYNC_SHARED_GRANT]: LockEngine['syncGrant'];

  /**
   * @param options - a default `timeoutMs`, `reentrant` and `detectReentrancy`
   *   (see {@link QueuedLockOptions}); throws `LockConfigError` on a bad value.
   */
  constructor(options?: QueuedLockOptions) {
    this.#engine = new LockEngine(this, 'mutex', true, resolveLockOptions(options));
    this[SYNC_SHARED_GRANT] = this.#engine.syncGrant;
  }

  /**
   * Runs `fn` holding the lock alone and resolves to its result.
   * Rejects with `LockTimeoutError` or `LockAbortedError` (without running `fn`) if the lock is
   * not granted in time, `LockReentrancyError` on a self-deadlock, `InvalidArgumentError` on
   * bad arguments, or `fn`'s own error.
   */
  runExclusive<T>(fn: LockedFunction<T>, options?: LockOptions): Promise<T> {
    return this.#engine.run(fn, 'exclusive', options);
  }

  /** The same as {@link MutexLock.runExclusive}: a mutex has no shared mode. */
  runShared<T>(fn: LockedFunction<T>, options?: LockOptions): Promise<T> {
    return this.#engine.run(fn, 'shared', options);
  }

  /** A snapshot of the lock's state and queue; every queued call counts as `exclusive`. */
  query(): LockSnapshot {
    return this.#engine.snapshot();
  }
}
