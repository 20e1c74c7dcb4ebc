/**
 * The lock errors. They are defined in `@soni/core` (so every strategy, in-process or on
 * Redis, raises the same classes) and re-exported here, where users of the in-process locks
 * look for them.
 *
 * @packageDocumentation
 */
export { LockAbortedError, LockConfigError, LockReentrancyError, LockTimeoutError } from '@soni/core';
export type { LockMode } from '@soni/core';
