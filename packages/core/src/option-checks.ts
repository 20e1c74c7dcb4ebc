/**
 * The boundary checks every package shares: "a plain object with known keys", "a valid
 * `timeoutMs`", "an `AbortSignal`". Core owns them so that `execute`, transactions, the locks
 * of `@soni/locking` and `@soni/locking-redis`, the logger factories and the test suites give
 * the same error, with the same wording, for the same mistake.
 *
 * @packageDocumentation
 */
import { InvalidArgumentError, describeValue } from './errors';
import type { LockOptions } from './lock-strategy';

/** True for a non-null object that is not an array: what options and inputs must be. */
export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Throws {@link InvalidArgumentError} (or what `fail` builds: a package's own subclass)
 * unless `value` is an options object (not `null`, not an array) whose own keys are all in
 * `known`. `where` starts the message (`'lock.runShared()'`).
 *
 * @example
 * ```ts
 * import { assertOptionsObject } from '@soni/core';
 *
 * assertOptionsObject({ timeoutMS: 10 }, 'myLock.run()', ['signal', 'timeoutMs']);
 * // InvalidArgumentError: myLock.run(): unknown option 'timeoutMS' (valid options: signal, timeoutMs)
 * ```
 */
export function assertOptionsObject(
  value: unknown,
  where: string,
  known: readonly string[],
  fail: (message: string) => Error = (message) => new InvalidArgumentError(message),
): asserts value is Record<string, unknown> {
  if (!isPlainRecord(value)) {
    throw fail(`${where}: options must be an object, got ${describeValue(value)}`);
  }
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      throw fail(`${where}: unknown option ${describeValue(key)} (valid options: ${known.length === 0 ? 'none' : known.join(', ')})`);
    }
  }
}

/**
 * Throws {@link InvalidArgumentError} unless `value` is a finite number of milliseconds ≥ 0.
 * Any length is valid: the timers of this project re-arm past Node's 24.8-day limit.
 */
export function assertTimeoutMs(value: unknown, where: string, field = 'timeoutMs'): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InvalidArgumentError(`${where}: '${field}' must be a finite number of milliseconds >= 0, got ${describeValue(value)}`);
  }
}

const LOCK_OPTION_KEYS: readonly string[] = Object.freeze(['signal', 'timeoutMs']);

/**
 * Validates `{ signal?, timeoutMs? }` as given to `execute`, a transaction or a lock, and
 * returns a copy: each property is read exactly once (a getter cannot answer one value to the
 * check and another to the use) and later changes to the caller's object do not leak in.
 * `undefined` stays `undefined`. Throws {@link InvalidArgumentError} on anything else.
 *
 * @example
 * ```ts
 * import { readLockOptions } from '@soni/core';
 *
 * const options = readLockOptions({ timeoutMs: 500 }, 'lock.runExclusive()'); // { timeoutMs: 500 }
 * ```
 */
export function readLockOptions(value: unknown, where: string): LockOptions | undefined {
  if (value === undefined) return undefined;
  assertOptionsObject(value, where, LOCK_OPTION_KEYS);
  const signal: unknown = value.signal;
  const timeoutMs: unknown = value.timeoutMs;
  const options: LockOptions = {};
  if (signal !== undefined) {
    if (!(signal instanceof AbortSignal)) {
      throw new InvalidArgumentError(`${where}: 'signal' must be an AbortSignal, got ${describeValue(signal)}`);
    }
    options.signal = signal;
  }
  if (timeoutMs !== undefined) {
    assertTimeoutMs(timeoutMs, where);
    options.timeoutMs = timeoutMs;
  }
  return options;
}

/** Throws {@link InvalidArgumentError} unless `fn` is a function; `what` names it in the message. */
export function assertFunction(fn: unknown, where: string, what: string): asserts fn is (...args: never[]) => unknown {
  if (typeof fn !== 'function') {
    throw new InvalidArgumentError(`${where}: ${what} must be a function, got ${describeValue(fn)}`);
  }
}
