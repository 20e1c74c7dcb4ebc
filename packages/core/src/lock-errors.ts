/**
 * The errors of the lock contract. They live in core so that every strategy (the in-process
 * ones of `@soni/locking`, the Redis ones of `@soni/locking-redis`, yours) raises the same
 * classes with the same codes, and the registry maps them the same way. `@soni/locking`
 * re-exports them.
 *
 * @packageDocumentation
 */
import { InvalidArgumentError, SoniError, describeValue, errorBrand } from './errors';
import { userText } from './user-text';

/** The mode a lock was requested or held in. */
export type LockMode = 'shared' | 'exclusive';

const configBrand = errorBrand('@soni/locking.error.LockConfigError');

/**
 * A lock configuration was not understood: an unknown kind, an unknown field or a bad value,
 * from `createLock`, `parseLockConfig`, `lockFromEnv`, a lock constructor or a Redis lock's
 * URL. The message names the offending value and the valid ones. It is an
 * {@link InvalidArgumentError} (so a `TypeError`) with `code: 'LOCK_CONFIG'`; nothing was
 * created.
 */
export class LockConfigError extends InvalidArgumentError {
  /** Always `'LOCK_CONFIG'`. */
  declare readonly code: 'LOCK_CONFIG';
  /** The configuration field at fault (`'kind'`, `'timeoutMs'`, ...). */
  readonly field: string;
  /** The value that was rejected. */
  readonly value: unknown;
  /** What would have been accepted, in words (`"one of 'mutex', 'rwlock', 'none'"`). */
  readonly expected: string;

  constructor(field: string, value: unknown, expected: string, options?: { cause?: unknown }) {
    super(`Invalid lock ${field}: ${describeValue(value)}; expected ${expected}`, { ...options, code: 'LOCK_CONFIG' });
    this.field = field;
    this.value = value;
    this.expected = expected;
    configBrand.mark(this);
  }

  /** True when `value` is a `LockConfigError` from any copy (ESM or CJS) of the package. */
  static override isInstance(value: unknown): value is LockConfigError {
    return configBrand.test(value);
  }
}

const timeoutBrand = errorBrand('@soni/locking.error.LockTimeoutError');

/**
 * The lock was not granted within `timeoutMs`. The caller's function never ran and the
 * waiter has left the queue. The registry maps this code to `ActionError` `'TIMEOUT'`.
 */
export class LockTimeoutError extends SoniError {
  declare readonly code: 'LOCK_TIMEOUT';
  /** The mode that was requested. */
  readonly mode: LockMode;
  /** The time limit that elapsed, in milliseconds (`undefined` when a wrapped lock's own limit, unknown here, elapsed). */
  readonly timeoutMs: number | undefined;

  constructor(kind: string, mode: LockMode, timeoutMs: number | undefined, options?: { cause?: unknown }) {
    super(
      'LOCK_TIMEOUT',
      `Timed out${timeoutMs === undefined ? '' : ` after ${timeoutMs} ms`} waiting for the ${userText(kind, 40)} lock (${mode})`,
      options,
    );
    this.mode = mode;
    this.timeoutMs = timeoutMs;
    timeoutBrand.mark(this);
  }

  /** True when `value` is a `LockTimeoutError` from any copy (ESM or CJS) of the package. */
  static override isInstance(value: unknown): value is LockTimeoutError {
    return timeoutBrand.test(value);
  }
}

const abortedBrand = errorBrand('@soni/locking.error.LockAbortedError');

/**
 * The caller's `AbortSignal` aborted before the lock was granted (or was already aborted).
 * The caller's function never ran; `cause` is the signal's `reason`. The registry maps this
 * code to `ActionError` `'ABORTED'`.
 */
export class LockAbortedError extends SoniError {
  declare readonly code: 'LOCK_ABORTED';
  /** The mode that was requested. */
  readonly mode: LockMode;

  constructor(kind: string, mode: LockMode, reason: unknown) {
    super('LOCK_ABORTED', `Aborted while waiting for the ${kind} lock (${mode})`, { cause: reason });
    this.mode = mode;
    abortedBrand.mark(this);
  }

  /** True when `value` is a `LockAbortedError` from any copy (ESM or CJS) of the package. */
  static override isInstance(value: unknown): value is LockAbortedError {
    return abortedBrand.test(value);
  }
}

const reentrancyBrand = errorBrand('@soni/locking.error.LockReentrancyError');

/**
 * The lock was requested from an async context that already holds it, in a combination that
 * would wait forever (a self-deadlock): exclusive inside exclusive or inside shared, or any
 * request inside a held mutex, on a lock that is not re-entrant; or an upgrade from shared to
 * exclusive, which no lock here allows. Thrown at once instead of hanging. Only raised when
 * self-deadlock detection is on (see `selfDeadlockDetectionDefault`).
 */
export class LockReentrancyError extends SoniError {
  declare readonly code: 'LOCK_REENTRANCY';
  /** The mode the current context holds. */
  readonly heldMode: LockMode;
  /** The mode it asked for again. */
  readonly requestedMode: LockMode;

  constructor(kind: string, heldMode: LockMode, requestedMode: LockMode, reentrant: boolean) {
    const why = reentrant
      ? 'a shared hold cannot be upgraded to exclusive'
      : 'the lock is not re-entrant (create it with reentrant: true to allow nested calls, or start detached work with runOutsideLocks)';
    super(
      'LOCK_REENTRANCY',
      `Self-deadlock: ${requestedMode} ${kind} lock requested inside a ${heldMode} hold of the same lock; ${why}`,
    );
    this.heldMode = heldMode;
    this.requestedMode = requestedMode;
    reentrancyBrand.mark(this);
  }

  /** True when `value` is a `LockReentrancyError` from any copy (ESM or CJS) of the package. */
  static override isInstance(value: unknown): value is LockReentrancyError {
    return reentrancyBrand.test(value);
  }
}

const contractBrand = errorBrand('@soni/core.error.LockContractError');

/**
 * A lock strategy broke the `LockStrategy` contract: it resolved without running the function
 * it was given, or with something other than the function's result. Raised by the registry
 * (wrapped in an `ActionError` `'LOCK_FAILED'` for executions) instead of passing on a silent
 * `undefined`.
 */
export class LockContractError extends SoniError {
  declare readonly code: 'LOCK_CONTRACT';
  /** The `kind` of the offending strategy. */
  readonly kind: string;

  constructor(kind: string, detail: string) {
    super('LOCK_CONTRACT', `The '${userText(kind, 40)}' lock strategy broke its contract: ${detail}`);
    this.kind = kind;
    contractBrand.mark(this);
  }

  /** True when `value` is a `LockContractError` from any copy of this package. */
  static override isInstance(value: unknown): value is LockContractError {
    return contractBrand.test(value);
  }
}
