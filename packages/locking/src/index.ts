export { MutexLock } from './mutex-lock';
export { ReadWriteLock } from './read-write-lock';
export { NoopLock } from './noop-lock';
export { AsyncMutexLock } from './async-mutex-lock';
export type { AsyncMutexLike, AsyncSemaphoreLike } from './async-mutex-lock';
export { createLock } from './create-lock';
export type { LockByKind, LockConfigText, RedisLockUrl } from './create-lock';
export { lockFromEnv } from './lock-from-env';
export { LOCK_KINDS, isLockKind, isRedisLockUrl, parseLockConfig } from './lock-config';
export type { LockConfig, LockKind } from './lock-config';
// Defined in @soni/core (one engine for the in-process and the Redis locks), re-exported
// here where users of the in-process locks look for them.
export { LOCK_CHANNELS } from '@soni/core';
export type {
  DetectionSource,
  LockAbortEvent,
  LockEvent,
  LockGrantEvent,
  LockReleaseEvent,
  LockSnapshot,
  LockStarvationEvent,
  LockTimeoutEvent,
  QueuedLockOptions,
} from '@soni/core';
export { LockAbortedError, LockConfigError, LockReentrancyError, LockTimeoutError } from './errors';
export type { LockMode } from './errors';
