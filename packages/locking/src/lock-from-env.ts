import { LockConfigError } from './errors';
import { createLock } from './create-lock';
import { parseLockConfig } from './lock-config';
import type { MutexLock } from './mutex-lock';
import { NoopLock } from './noop-lock';
import type { ReadWriteLock } from './read-write-lock';

/**
 * Creates the lock an environment variable describes, in the syntax of `parseLockConfig`
 * (`rwlock`, `mutex?timeoutMs=500&reentrant=true`). An unset or blank variable gives a
 * `NoopLock`, the registry's own default (no coordination). A bad value throws
 * {@link LockConfigError} whose message names the variable and the valid values.
 *
 * @param env - where to read from
 * @param variable - the variable's name
 * @default env `process.env`, variable `'SONI_LOCK'`
 * @example
 * ```ts
 * // SONI_LOCK=rwlock?timeoutMs=5000 node server.js
 * const registry = new ActionRegistry({ lock: lockFromEnv() });
 * ```
 */
export function lockFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
  variable = 'SONI_LOCK',
): MutexLock | ReadWriteLock | NoopLock {
  const text = env[variable];
  if (text === undefined || text.trim() === '') return new NoopLock();
  try {
    return createLock(parseLockConfig(text));
  } catch (error) {
    if (!LockConfigError.isInstance(error)) throw error;
    throw new LockConfigError(`${variable} (${error.field})`, error.value, error.expected, {
      cause: error,
    });
  }
}
