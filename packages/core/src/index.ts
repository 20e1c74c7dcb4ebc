export type {
  ActionContext,
  ActionFunc,
  ActionInputs,
  ActionOptions,
  ActionResult,
  DuplicatePolicy,
  StandardSchemaV1,
} from './action-types';
export {
  ActionError,
  DuplicateActionError,
  InvalidArgumentError,
  SoniError,
  TransactionClosedError,
  describeValue,
} from './errors';
export type { ActionErrorCode } from './errors';
export { LOG_LEVELS, defaultLogger, isLevelEnabled, isLogger } from './logger';
export type { LogLevel, LogMethod, Logger } from './logger';
export { NO_LOCK, isLockStrategy } from './lock-strategy';
export type { LockOptions, LockStrategy } from './lock-strategy';
