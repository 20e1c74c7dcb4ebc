export { RedisLock } from './redis-lock';
export type { RedisLockedFunction } from './redis-lock';
export type { RedisLeaseSnapshot, RedisLockSnapshot } from './redis-lock-snapshot';
export type { RedisLockHold } from './redis-lease';
export { createRedisLock } from './create-redis-lock';
export { parseRedisLockUrl, redisLockFromUrl } from './redis-lock-url';
export type { ParsedRedisLockUrl, RedisLockUrlOptions } from './redis-lock-url';
export { REDIS_LOCK_FIELDS, REDIS_LOCK_MODES } from './redis-lock-options';
export type { RedisLockMode, RedisLockOptions } from './redis-lock-options';
export { LockAuthError, LockLeaseLostError, LockUnavailableError } from './redis-lock-errors';
export type { LeaseLossReason } from './redis-lock-errors';
export { REDIS_LOCK_CHANNELS } from './redis-lock-diagnostics';
export type { RedisLeaseEvent, RedisLeaseLostEvent, RedisReleaseFailedEvent } from './redis-lock-diagnostics';
// The errors every strategy shares, defined in @soni/core, re-exported where users of this
// package look for them.
export { LockAbortedError, LockConfigError, LockReentrancyError, LockTimeoutError } from '@soni/core';
export type { LockMode, LockOptions, QueuedLockOptions } from '@soni/core';
