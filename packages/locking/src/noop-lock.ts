import type { LockOptions, LockStrategy } from '@soni/core';
import { LockAbortedError } from './errors';
import type { LockMode } from './errors';
import { checkRunArguments } from './lock-options';
import type { LockSnapshot } from './lock-snapshot';

const IDLE: LockSnapshot = Object.freeze({ kind: 'none', mode: 'idle', holders: 0, waiting: Object.freeze({ shared: 0, exclusive: 0 }) });

/**
 * A lock that coordinates nothing: every call runs at once, concurrently with any other.
 * Pick it when the caller already serialises its work, or to measure what locking costs.
 *
 * Guarantees: the function starts synchronously inside the call; an already-aborted `signal`
 * rejects with `LockAbortedError` without running it (so cancellation behaves as with the
 * other locks); `timeoutMs` is validated but can never elapse, as nothing waits; no
 * self-deadlock is possible. Publishes no diagnostics events.
 *
 * @example
 * ```ts
 * const registry = new ActionRegistry({ lock: new NoopLock() });
 * ```
 */
export class NoopLock implements LockStrategy {
  /** Always `'none'`. */
  readonly kind = 'none' as const;

  /** Runs `fn` at once and resolves to its result (or rejects with its error). */
  runExclusive<T>(fn: () => T | PromiseLike<T>, options?: LockOptions): Promise<T> {
    return run(fn, options, 'exclusive');
  }

  /** Runs `fn` at once and resolves to its result (or rejects with its error). */
  runShared<T>(fn: () => T | PromiseLike<T>, options?: LockOptions): Promise<T> {
    return run(fn, options, 'shared');
  }

  /** Always idle with an empty queue: this lock keeps no state. */
  query(): LockSnapshot {
    return IDLE;
  }
}

// An async function: a synchronous throw from `fn` becomes a rejection, as with the real locks.
async function run<T>(fn: () => T | PromiseLike<T>, options: LockOptions | undefined, mode: LockMode): Promise<T> {
  if (options !== undefined || typeof fn !== 'function') {
    const error = checkRunArguments(fn, options);
    if (error !== undefined) throw error;
    const signal = options?.signal;
    if (signal?.aborted === true) throw new LockAbortedError('none', mode, signal.reason);
  }
  return fn();
}
