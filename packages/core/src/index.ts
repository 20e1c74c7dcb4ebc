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
  errorBrand,
} from './errors';
export type { ActionErrorCode, ErrorBrand } from './errors';
export { LOG_LEVELS, defaultLogger, isLevelEnabled, isLogger } from './logger';
export type { LogLevel, LogMethod, Logger } from './logger';
export { NO_LOCK, isLockStrategy } from './lock-strategy';
export type { LockOptions, LockStrategy } from './lock-strategy';
export { ActionRegistry } from './action-registry';
export type { ActionDecorator, ActionListing, RegistryOptions } from './action-registry';
export type { ActionTransaction, TransactionBody } from './action-transaction';
export { ActionHandler } from './action-handler';
export type { ActionHandlerOptions, ExecuteOptions } from './action-handler';
