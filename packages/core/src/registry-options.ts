import type { DuplicatePolicy } from './action-types';
import type { LockStrategy } from './lock-strategy';
import type { Logger } from './logger';

/**
 * Options of a registry (its local scope) or, through `ActionRegistry.configure`, of the
 * global scope. A field left out (or `undefined`) keeps its current value.
 */
export interface RegistryOptions {
  /**
   * How async operations (executions, transactions) are coordinated.
   * @default no coordination (`NO_LOCK`); see `createLock` in `@soni/locking`
   */
  lock?: LockStrategy;
  /**
   * Where registrations, overwrites and clears are logged.
   * @default warnings and errors to the console (`defaultLogger()`)
   */
  logger?: Logger;
  /**
   * What registering a taken name does: `'warn'` overwrites and logs a warning (as the
   * Python original does), `'error'` throws `DuplicateActionError` and changes nothing,
   * `'ignore'` overwrites silently.
   * @default 'warn'
   */
  onDuplicate?: DuplicatePolicy;
}

/**
 * The configuration in force in a scope, every field filled in (defaults included): what
 * `ActionRegistry.configuration()` returns. A frozen copy: later `configure` calls do not
 * change it.
 */
export interface RegistryConfiguration {
  /** The lock strategy; `NO_LOCK` when none was configured. */
  readonly lock: LockStrategy;
  /** The logger; `defaultLogger()` when none was configured. */
  readonly logger: Logger;
  /** The duplicate policy; `'warn'` when none was configured. */
  readonly onDuplicate: DuplicatePolicy;
}
