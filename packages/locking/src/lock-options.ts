import { InvalidArgumentError, describeValue } from '@soni/core';
import type { LockOptions } from '@soni/core';
import { LockConfigError } from './errors';

/** Options of the {@link MutexLock} and {@link ReadWriteLock} constructors. */
export interface QueuedLockOptions {
  /**
   * How long a call waits for the lock, in milliseconds, when it passes no `timeoutMs` of its
   * own. `0` means "only if free right now" (a try-lock).
   * @default undefined (wait for as long as it takes)
   */
  timeoutMs?: number;
  /**
   * Let the holder's nested calls re-enter the lock instead of failing with
   * `LockReentrancyError`. Nested calls that run concurrently are serialised among themselves
   * (see the package README). Needs `detectReentrancy`.
   * @default false
   */
  reentrant?: boolean;
  /**
   * Track which async context holds the lock (with `AsyncLocalStorage`) so that a nested
   * request fails fast with `LockReentrancyError` instead of waiting forever. Turning it off
   * removes the context tracking cost from every acquisition; a self-deadlock then hangs until
   * its `timeoutMs`, like in most lock libraries.
   * @default true
   */
  detectReentrancy?: boolean;
}

/** The options after validation, with defaults applied. */
export interface ResolvedLockOptions {
  readonly timeoutMs: number | undefined;
  readonly reentrant: boolean;
  readonly detectReentrancy: boolean;
}

const OPTION_FIELDS = ['timeoutMs', 'reentrant', 'detectReentrancy'];

/** True for a number a timeout may be: finite and not negative. */
export function isValidTimeout(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** Checks a lock constructor's options; throws {@link LockConfigError} naming the bad field. */
export function resolveLockOptions(options: QueuedLockOptions | undefined): ResolvedLockOptions {
  if (options === undefined) return { timeoutMs: undefined, reentrant: false, detectReentrancy: true };
  if (typeof options !== 'object' || (options as unknown) === null) {
    throw new LockConfigError('options', options, 'an object');
  }
  for (const key of Object.keys(options)) {
    if (!OPTION_FIELDS.includes(key)) {
      throw new LockConfigError('field', key, `one of ${OPTION_FIELDS.map((f) => `'${f}'`).join(', ')}`);
    }
  }
  const { timeoutMs, reentrant = false, detectReentrancy = true } = options;
  if (timeoutMs !== undefined && !isValidTimeout(timeoutMs)) {
    throw new LockConfigError('timeoutMs', timeoutMs, 'a finite number of milliseconds >= 0');
  }
  if (typeof reentrant !== 'boolean') throw new LockConfigError('reentrant', reentrant, 'true or false');
  if (typeof detectReentrancy !== 'boolean') {
    throw new LockConfigError('detectReentrancy', detectReentrancy, 'true or false');
  }
  if (reentrant && !detectReentrancy) {
    throw new LockConfigError('detectReentrancy', detectReentrancy, 'true when reentrant is true');
  }
  return { timeoutMs, reentrant, detectReentrancy };
}

/**
 * Checks the arguments of one `runExclusive`/`runShared` call. Returns the error to reject
 * with, or `undefined` when they are fine (returning instead of throwing keeps the caller's
 * promise contract: bad input rejects, it never throws synchronously).
 */
export function checkRunArguments(fn: unknown, options: LockOptions | undefined): InvalidArgumentError | undefined {
  if (typeof fn !== 'function') {
    return new InvalidArgumentError(`Expected the function to run under the lock, got ${describeValue(fn)}`);
  }
  if (options === undefined) return undefined;
  if (typeof options !== 'object' || (options as unknown) === null) {
    return new InvalidArgumentError(`Expected lock options to be an object, got ${describeValue(options)}`);
  }
  const { timeoutMs, signal } = options;
  if (timeoutMs !== undefined && !isValidTimeout(timeoutMs)) {
    return new InvalidArgumentError(
      `Expected timeoutMs to be a finite number of milliseconds >= 0, got ${describeValue(timeoutMs)}`,
    );
  }
  if (signal !== undefined && !((signal as unknown) instanceof AbortSignal)) {
    return new InvalidArgumentError(`Expected signal to be an AbortSignal, got ${describeValue(signal)}`);
  }
  return undefined;
}
