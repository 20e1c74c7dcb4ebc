/** Options every lock acquisition takes. */
export interface LockOptions {
  /** Give up waiting when this signal aborts; the function is then never run. */
  signal?: AbortSignal;
  /** Give up waiting after this many milliseconds; the function is then never run. */
  timeoutMs?: number;
}

/**
 * How the registry coordinates operations that span `await`s.
 *
 * - `runShared(fn)`: run `fn` while holding the lock in shared mode (action executions).
 *   Several shared holders may run at once if the strategy allows it.
 * - `runExclusive(fn)`: run `fn` while holding the lock alone (transactions, reloads).
 *
 * Both resolve to `fn`'s result or reject with its error, and release the lock either way.
 * A strategy that gives up waiting (timeout or abort) must never run `fn`, and should reject
 * with an error whose `code` is `'LOCK_TIMEOUT'` or `'LOCK_ABORTED'` (the registry maps
 * those to `ActionError` codes `'TIMEOUT'` and `'ABORTED'`).
 *
 * Implementations: `MutexLock`, `ReadWriteLock` and `NoopLock` in `@soni/locking`; write
 * your own and check it with the conformance suite of `@soni/testing`.
 */
export interface LockStrategy {
  /** `'mutex'`, `'rwlock'` or `'none'` for the built-in strategies; any name for yours. */
  readonly kind: string;
  runExclusive<T>(fn: () => T | PromiseLike<T>, options?: LockOptions): Promise<T>;
  runShared<T>(fn: () => T | PromiseLike<T>, options?: LockOptions): Promise<T>;
}

/**
 * The lock used when none is configured: no coordination. Every call runs at once; an
 * already-aborted signal is still honoured so callers see consistent cancellation.
 */
export const NO_LOCK: LockStrategy = Object.freeze({
  kind: 'none',
  runExclusive: run,
  runShared: run,
});

async function run<T>(fn: () => T | PromiseLike<T>, options?: LockOptions): Promise<T> {
  options?.signal?.throwIfAborted();
  return fn();
}

/** True when `value` has the shape of a {@link LockStrategy}. */
export function isLockStrategy(value: unknown): value is LockStrategy {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.kind === 'string' && typeof v.runExclusive === 'function' && typeof v.runShared === 'function';
}
