import type { LockedFunction, LockOptions, LockStrategy } from '@soni/core';
import { LockEngine, SYNC_SHARED_GRANT, resolveLockOptions } from '@soni/core';
import type { QueuedLockOptions, LockSnapshot } from '@soni/core';

/**
 * A read-write lock: many shared holders at once, or one exclusive holder alone.
 *
 * Guarantees under concurrency:
 * - an exclusive holder runs alone; shared holders run together, never beside an exclusive one;
 * - waiters are served in arrival order, and writers are preferred: once an exclusive request
 *   waits, shared requests that arrive after it queue behind it, so a stream of readers cannot
 *   starve a writer; shared requests queued next to each other are granted together;
 * - a waiter whose `timeoutMs` elapses or whose `signal` aborts leaves the queue at once, its
 *   function never runs, and nobody behind it is delayed (a writer that gives up at the head
 *   lets the readers behind it in);
 * - the lock is released when the function returns, throws or rejects; its error reaches the
 *   caller unchanged;
 * - from a context that holds the lock, a shared request joins at once (queueing behind a
 *   waiting writer would deadlock), and an exclusive request, or any request inside an
 *   exclusive hold, rejects at once with `LockReentrancyError` (unless `reentrant: true`).
 *
 * @example
 * ```ts
 * const lock = new ReadWriteLock();
 * const value = await lock.runShared(() => cache.get(key));       // many at once
 * await lock.runExclusive(async () => { await cache.reload(); }); // waits for readers to drain
 * ```
 */
export class ReadWriteLock implements LockStrategy {
  /** Always `'rwlock'`. */
  readonly kind = 'rwlock' as const;
  readonly #engine: LockEngine;
  /** The registry's fast path for uncontended executions (see `SyncSharedGrant` in core). */
  readonly [SYNC_SHARED_GRANT]: LockEngine['syncGrant'];

  /**
   * @param options - a default `timeoutMs`, `reentrant` and `detectReentrancy`
   *   (see {@link QueuedLockOptions}); throws `LockConfigError` on a bad value.
   */
  constructor(options?: QueuedLockOptions) {
    this.#engine = new LockEngine(this, 'rwlock', false, resolveLockOptions(options));
    this[SYNC_SHARED_GRANT] = this.#engine.syncGrant;
  }

  /**
   * Runs `fn` holding the lock alone (no reader, no other writer) and resolves to its result.
   * Rejects as {@link ReadWriteLock.runShared} does.
   */
  runExclusive<T>(fn: LockedFunction<T>, options?: LockOptions): Promise<T> {
    return this.#engine.run(fn, 'exclusive', options);
  }

  /**
   * Runs `fn` holding the lock in shared mode (beside other shared holders, never beside an
   * exclusive one) and resolves to its result. Rejects with `LockTimeoutError` or
   * `LockAbortedError` (without running `fn`) if not granted in time, `LockReentrancyError`
   * on a self-deadlock, `InvalidArgumentError` on bad arguments, or `fn`'s own error.
   */
  runShared<T>(fn: LockedFunction<T>, options?: LockOptions): Promise<T> {
    return this.#engine.run(fn, 'shared', options);
  }

  /** A snapshot of the lock's state and queue. */
  query(): LockSnapshot {
    return this.#engine.snapshot();
  }
}
