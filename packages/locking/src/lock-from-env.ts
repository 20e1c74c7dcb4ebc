import type { LockStrategy } from '@soni/core';
import { describeValue } from '@soni/core';
import { createLock, type LockConfigText } from './create-lock';
import { LockConfigError } from './errors';
import { isRedisLockUrl } from './lock-config';
import type { MutexLock } from './mutex-lock';
import { NoopLock } from './noop-lock';
import type { ReadWriteLock } from './read-write-lock';
import { redisLockFromUrl } from './redis-lock-loader';

/**
 * Creates the lock an environment variable describes: a configuration string (`rwlock`,
 * `mutex?timeoutMs=500&reentrant=true`; the syntax `SONI_LOG` shares) or a `redis://` URL
 * (`redis://127.0.0.1:6379/0?mode=rwlock&key=myapp:actions`, with `@soni/locking-redis`
 * installed). An unset or blank variable gives a `NoopLock`, the registry's own default (no
 * coordination). A bad value throws {@link LockConfigError} whose message names the variable
 * and the valid values; so do bad arguments.
 *
 * @param env - where to read from
 * @param variable - the variable's name
 * @default env `process.env`, variable `'SONI_LOCK'`
 * @example
 * ```ts
 * import { ActionRegistry } from '@soni/core';
 * import { lockFromEnv } from '@soni/locking';
 *
 * // SONI_LOCK=rwlock?timeoutMs=5000 node server.js
 * const registry = new ActionRegistry({ lock: lockFromEnv() });
 * ```
 */
export function lockFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
  variable = 'SONI_LOCK',
): MutexLock | ReadWriteLock | NoopLock | LockStrategy {
  if (typeof env !== 'object' || (env as unknown) === null || Array.isArray(env)) {
    throw new LockConfigError('environment', env, 'an object of variables such as process.env');
  }
  if (typeof variable !== 'string' || variable.trim().length === 0) {
    throw new LockConfigError('variable name', variable, "a non-empty string such as 'SONI_LOCK'");
  }
  const text: unknown = env[variable];
  if (text === undefined || (typeof text === 'string' && text.trim() === '')) return new NoopLock();
  if (typeof text !== 'string') throw new LockConfigError(variable, text, `a string, got ${describeValue(text)}`);
  if (isRedisLockUrl(text)) return redisLockFromUrl(text.trim(), variable);
  try {
    return createLock(text as LockConfigText);
  } catch (error) {
    if (!LockConfigError.isInstance(error)) throw error;
    throw new LockConfigError(`${variable} (${error.field})`, error.value, error.expected, { cause: error });
  }
}
