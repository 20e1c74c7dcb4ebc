import { SYNC_SHARED_GRANT, UNLOCKED_GRANT, runUnlocked } from '@soni/core';
import type { LockSnapshot } from '@soni/core';
import type { LockedFunction, LockOptions, LockStrategy } from '@soni/core';

const IDLE: LockSnapshot = Object.freeze({
  kind: 'none',
  mode: 'idle',
  holders: 0,
  waiting: Object.freeze({ shared: 0, exclusive: 0 }),
  detection: Object.freeze({ enabled: false, source: 'option' }),
});

/**
 * A lock that coordinates nothing: every call runs at once, concurrently with any other.
 * Pick it when the caller already serialises its work, or to measure what locking costs.
 *
 * It is core's `NO_LOCK` (the registry's default) with a `query()`: both run on core's
 * `runUnlocked`, so they behave exactly alike. Guarantees: the arguments are checked like any
 * lock's; an already-aborted `signal` rejects with `LockAbortedError` without running the
 * function (so cancellation behaves as with the other locks); `timeoutMs` is validated but can
 * never elapse, as nothing waits; a synchronous throw becomes a rejection; no self-deadlock is
 * possible. Publishes no diagnostics events.
 *
 * @example
 * ```ts
 * import { ActionRegistry } from '@soni/core';
 * import { NoopLock } from '@soni/locking';
 *
 * const registry = new ActionRegistry({ lock: new NoopLock() });
 * ```
 */
export class NoopLock implements LockStrategy {
  /** Always `'none'`. */
  readonly kind = 'none' as const;
  /** The registry's fast path: nothing to wait for (see `SyncSharedGrant` in core). */
  readonly [SYNC_SHARED_GRANT] = UNLOCKED_GRANT;

  /** Runs `fn` at once and resolves to its result (or rejects with its error). */
  runExclusive<T>(fn: LockedFunction<T>, options?: LockOptions): Promise<T> {
    return runUnlocked(fn, options, 'exclusive');
  }

  /** Runs `fn` at once and resolves to its result (or rejects with its error). */
  runShared<T>(fn: LockedFunction<T>, options?: LockOptions): Promise<T> {
    return runUnlocked(fn, options, 'shared');
  }

  /** Always idle with an empty queue: this lock keeps no state. */
  query(): LockSnapshot {
    return IDLE;
  }
}
