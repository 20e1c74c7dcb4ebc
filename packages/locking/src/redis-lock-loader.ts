import { createRequire } from 'node:module';
import { isLockStrategy, type LockStrategy } from '@soni/core';
import { LockConfigError } from './errors';

/** What `@soni/locking-redis` exports for configuration strings. */
interface RedisLockModule {
  redisLockFromUrl(url: string): LockStrategy;
}

/**
 * Creates the Redis lock a `redis://` URL describes, with `@soni/locking-redis` if it is
 * installed. `@soni/locking` does not depend on it: it is loaded only when a URL names Redis,
 * and its absence is a {@link LockConfigError} that says what to install.
 */
export function redisLockFromUrl(url: string, where: string): LockStrategy {
  let loaded: unknown;
  try {
    // tsup's shims give the CommonJS build an `import.meta.url` too.
    loaded = createRequire(import.meta.url)('@soni/locking-redis');
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'MODULE_NOT_FOUND') throw error;
    throw new LockConfigError(
      where,
      url,
      'a lock kind this installation has: a redis:// URL needs @soni/locking-redis (npm install @soni/locking-redis ioredis)',
      { cause: error },
    );
  }
  const factory = (loaded as Partial<RedisLockModule>).redisLockFromUrl;
  if (typeof factory !== 'function') {
    throw new LockConfigError(where, url, 'a version of @soni/locking-redis that exports redisLockFromUrl');
  }
  const lock = factory(url);
  if (!isLockStrategy(lock)) throw new LockConfigError(where, url, 'a URL @soni/locking-redis turns into a lock');
  return lock;
}
