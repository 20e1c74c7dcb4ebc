import { createLock, lockFromEnv, type MutexLock, type NoopLock, type ReadWriteLock } from '@soni/locking';

/** The service's lock: `SONI_LOCK` if set (`mutex`, `rwlock?timeoutMs=…`, `none`), else a read-write lock. */
export function chooseLock(env: NodeJS.ProcessEnv = process.env): MutexLock | ReadWriteLock | NoopLock {
  return env.SONI_LOCK?.trim() ? lockFromEnv(env, 'SONI_LOCK') : createLock('rwlock');
}
