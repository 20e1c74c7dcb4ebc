import type { LockStrategy } from '@soni/core';
import { createLock, lockFromEnv } from '@soni/locking';

/**
 * The service's lock: `SONI_LOCK` if set (`mutex`, `rwlock?timeoutMs=…`, `none`, or a
 * `redis://` URL with `@soni/locking-redis` installed), else a read-write lock.
 */
export function chooseLock(env: NodeJS.ProcessEnv = process.env): LockStrategy {
  return env.SONI_LOCK?.trim() ? lockFromEnv(env, 'SONI_LOCK') : createLock('rwlock');
}
