export type {
  ActionContext,
  ActionFunc,
  ActionInputs,
  ActionOptions,
  ActionResult,
  DuplicatePolicy,
  StandardJSONSchemaV1,
  StandardSchemaV1,
} from './action-types';
export type {
  ActionDeclaration,
  ActionDecorator,
  ActionInputsOf,
  ActionMap,
  ActionName,
  ActionResultOf,
  ActionSignature,
  ExecuteArgs,
  InputsFromOptions,
  UntypedActions,
} from './action-typing';
export {
  ActionError,
  DuplicateActionError,
  InvalidArgumentError,
  SoniError,
  TransactionClosedError,
  describeValue,
  errorBrand,
  functionLabel,
} from './errors';
export type { ActionErrorCode, ActionInputIssue, ErrorBrand } from './errors';
export { LockAbortedError, LockConfigError, LockContractError, LockReentrancyError, LockTimeoutError } from './lock-errors';
export type { LockMode } from './lock-errors';
export { LOG_LEVELS, defaultLogger, isLevelEnabled, isLogger } from './logger';
export type { LogLevel, LogMethod, Logger } from './logger';
export { IN_PROCESS_HOLD, NO_LOCK, isLockStrategy, runUnlocked } from './lock-strategy';
export type { LockHold, LockOptions, LockStrategy, LockedFunction } from './lock-strategy';
export { lockHolds, runOutsideLocks } from './lock-holds';
export type { HeldLock } from './lock-holds';
export { selfDeadlockDetectionDefault } from './self-deadlock-detection';
export type { DetectionDefault, DetectionEnvironment } from './self-deadlock-detection';
export { LockEngine } from './lock-engine';
export { SYNC_SHARED_GRANT, UNLOCKED_GRANT } from './sync-grant';
export type { SyncSharedGrant } from './sync-grant';
export { resolveLockOptions } from './lock-options';
export type { DetectionSource, QueuedLockOptions, ResolvedLockOptions } from './lock-options';
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
export { onAbort } from './abort-subscriptions';
export type { Unsubscribe } from './abort-subscriptions';
export { MAX_TIMER_DELAY_MS, startTimer } from './timers';
export type { CancelTimer } from './timers';
export { assertFunction, assertOptionsObject, assertTimeoutMs, isPlainRecord, readLockOptions } from './option-checks';
export { assertKnownParams, configBoolean, configMilliseconds, parseConfigString } from './config-string';
export type { ConfigErrorFactory, ConfigString } from './config-string';
export { MAX_ECHO_LENGTH, escapeControlCharacters, hasControlCharacters, userText } from './user-text';
export { MAX_ACTION_NAME_LENGTH, actionNameProblem, assertActionName, isValidActionName } from './action-names';
export { REGISTRY_CHANNELS } from './registry-diagnostics';
export type {
  AbandonedExecutionEvent,
  ClearEvent,
  CommitEvent,
  ExecutionTrace,
  LoggerFailureEvent,
  RegistrationEvent,
  UnregistrationEvent,
} from './registry-diagnostics';
export { ActionRegistry } from './action-registry';
export type { ActionListing } from './action-registry';
export type { RegistryConfiguration, RegistryOptions } from './registry-options';
export type { ActionDescription, DescribeActionsOptions, JsonSchemaObject } from './action-descriptions';
export type { GlobalStash } from './global-stash';
export type { ScopeKind } from './action-scope';
export type { ActionTransaction, TransactionBody } from './action-transaction';
export { ActionHandler } from './action-handler';
export type { ActionHandlerOptions, ExecuteOptions } from './action-handler';
