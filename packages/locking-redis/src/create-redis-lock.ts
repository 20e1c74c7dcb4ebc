import type { Redis } from 'ioredis';
import { RedisLock } from './redis-lock';
import type { RedisLockOptions } from './redis-lock-options';

/**
 * Creates a Redis lock on your own ioredis client (the programmatic form of
 * `redisLockFromUrl`): `new RedisLock(client, options)`. The lock never closes your client;
 * it opens one duplicate connection for its wake-up subscription, which `close()` closes.
 * Throws `LockConfigError` naming the bad option.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { ActionRegistry } from '@soni/core';
 * import { createRedisLock } from '@soni/locking-redis';
 *
 * const redis = new Redis({ host: 'redis.internal', commandTimeout: 1_000 });
 * const lock = createRedisLock(redis, { key: 'myapp:actions', mode: 'rwlock', leaseMs: 10_000 });
 * ActionRegistry.configure({ lock });
 * ```
 */
export function createRedisLock(client: Redis, options?: RedisLockOptions): RedisLock {
  return new RedisLock(client, options);
}
