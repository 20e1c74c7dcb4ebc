export { MutexLock } from './mutex-lock';
export { ReadWriteLock } from './read-write-lock';
export { NoopLock } from './noop-lock';
export { createLock } from './create-lock';
export type { LockByKind } from './create-lock';
export { lockFromEnv } from './lock-from-env';
export { LOCK_KINDS, isLockKind, parseLockConfig } from './lock-config';
export type { LockConfig, LockKind } from './lock-config';
export type { DetectionSource, QueuedLockOptions } from './lock-options';
export type { LockSnapshot } from './lock-snapshot';
export { LOCK_CHANNELS } from './lock-diagnostics';
export type {
  LockAbortEvent,
  LockEvent,
  LockGrantEvent,
  LockReleaseEvent,
  LockStarvationEvent,
  LockTimeoutEvent,
} from './lock-diagnostics';
export { LockAbortedError, LockConfigError, LockReentrancyError, LockTimeoutError } from './errors';
export type { LockMode } from './errors';
