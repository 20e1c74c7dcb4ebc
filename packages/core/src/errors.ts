/**
 * Error classes of `@soni/core`.
 *
 * Every error carries a stable `code` and a `Symbol.for(...)` marker, so `X.isInstance(e)`
 * recognises it even when the ESM and the CommonJS copies of this package are both loaded
 * (where `instanceof` would fail across the two copies).
 *
 * @packageDocumentation
 */

import type { StandardSchemaV1 } from '@standard-schema/spec';
import { userText } from './user-text';

const baseBrand = errorBrand('@soni/core.error.SoniError');

/**
 * Marks the instances of an error class so that its static `isInstance` recognises them
 * across copies of a package (ESM and CommonJS loaded together), where `instanceof` fails.
 */
export interface ErrorBrand {
  /** Marks `error` as carrying this brand; call it in the constructor. */
  mark(error: object): void;
  /** Whether `value` carries this brand, marked by any copy of the package. */
  test(value: unknown): boolean;
}

/**
 * Creates an {@link ErrorBrand} keyed by `Symbol.for(id)`: every copy of a package that uses
 * the same `id` recognises the others' errors. Packages building on `@soni/core` use it for
 * their own error classes.
 *
 * @example
 * ```ts
 * const brand = errorBrand('my-package.error.QuotaError');
 * export class QuotaError extends SoniError {
 *   constructor(message: string) {
 *     super('QUOTA', message);
 *     brand.mark(this);
 *   }
 *   static override isInstance(value: unknown): value is QuotaError {
 *     return brand.test(value);
 *   }
 * }
 * ```
 */
export function errorBrand(id: string): ErrorBrand {
  const marker = Symbol.for(id);
  return {
    mark: (error) => {
      Object.defineProperty(error, marker, { value: true });
    },
    test: (value) => typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true,
  };
}

/**
 * Codes of {@link ActionError}:
 * - `NOT_FOUND`: no action of that name, local or global, when the execution held the lock;
 * - `MISSING_INPUTS`: a required input was absent or `undefined`;
 * - `INVALID_INPUTS`: the inputs were not an object, reading them threw, or the schema
 *   rejected them (the issues are in `issues`);
 * - `EXECUTION_FAILED`: the action ran and threw, rejected or returned a non-object;
 * - `ABORTED`: the caller's signal aborted (the action, if it had started, keeps its lock
 *   until it settles);
 * - `TIMEOUT`: the execution's deadline passed (same rule);
 * - `LOCK_REENTRANCY`: the lock refused the execution as a self-deadlock (the calling async
 *   context holds the scope's lock in a mode that would wait for itself); the action never ran;
 * - `LOCK_FAILED`: the lock strategy failed or broke its contract (threw, resolved without
 *   running the action, lost its lease); `cause` is the lock's error;
 * - `SCOPE_CHANGED`: the name kept moving between the local and global scopes while the
 *   execution waited for their locks; the action never ran.
 */
export type ActionErrorCode =
  | 'NOT_FOUND'
  | 'MISSING_INPUTS'
  | 'INVALID_INPUTS'
  | 'EXECUTION_FAILED'
  | 'ABORTED'
  | 'TIMEOUT'
  | 'LOCK_REENTRANCY'
  | 'LOCK_FAILED'
  | 'SCOPE_CHANGED';

/**
 * One problem a Standard Schema validator found in an execution's inputs: the validator's own
 * issue, plus its path written as text (`user.tags[0]`, or `(root)` for the whole value).
 */
export interface ActionInputIssue extends StandardSchemaV1.Issue {
  /** The issue's `path` as text: `user.tags[0]`; `(root)` when the issue is about the whole value. */
  readonly dottedPath: string;
}

/** The base of every error this project throws, except {@link InvalidArgumentError}. */
export class SoniError extends Error {
  /** A stable, machine-readable code. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
    baseBrand.mark(this);
  }

  /** True when `value` is a `SoniError` from any copy (ESM or CJS) of this package. */
  static isInstance(value: unknown): value is SoniError {
    return baseBrand.test(value);
  }
}

const actionBrand = errorBrand('@soni/core.error.ActionError');

/**
 * Every failure of {@link ActionHandler.execute}: the action was not found, its inputs were
 * missing or invalid, it threw, or it was aborted or timed out. The original error, if any,
 * is the `cause`.
 */
export class ActionError extends SoniError {
  declare readonly code: ActionErrorCode;
  /** The name of the action that failed, whole (the message shows it escaped and truncated). */
  readonly action: string;
  /**
   * For `INVALID_INPUTS` from a schema: every issue the validator reported, each with its
   * path as text. `undefined` for every other failure.
   */
  readonly issues: readonly ActionInputIssue[] | undefined;

  constructor(
    code: ActionErrorCode,
    action: string,
    message: string,
    options?: { cause?: unknown; issues?: readonly ActionInputIssue[] },
  ) {
    super(code, message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.action = action;
    this.issues = options?.issues;
    actionBrand.mark(this);
  }

  /** True when `value` is an `ActionError` from any copy (ESM or CJS) of this package. */
  static override isInstance(value: unknown): value is ActionError {
    return actionBrand.test(value);
  }
}

const duplicateBrand = errorBrand('@soni/core.error.DuplicateActionError');

/** Thrown on registration of a name that is taken when the duplicate policy is `'error'`. */
export class DuplicateActionError extends SoniError {
  declare readonly code: 'DUPLICATE_ACTION';
  /** The name that was already registered. */
  readonly action: string;
  /** The scope the name was taken in. */
  readonly scope: 'global' | 'local';

  constructor(action: string, scope: 'global' | 'local') {
    super('DUPLICATE_ACTION', `Action '${userText(action)}' is already registered in the ${scope} scope`);
    this.action = action;
    this.scope = scope;
    duplicateBrand.mark(this);
  }

  /** True when `value` is a `DuplicateActionError` from any copy (ESM or CJS) of this package. */
  static override isInstance(value: unknown): value is DuplicateActionError {
    return duplicateBrand.test(value);
  }
}

const closedBrand = errorBrand('@soni/core.error.TransactionClosedError');

/**
 * Thrown when a transaction handle is used (to stage a change or to read the staged view)
 * after its transaction committed or rolled back.
 */
export class TransactionClosedError extends SoniError {
  declare readonly code: 'TRANSACTION_CLOSED';

  constructor(operation: string) {
    super('TRANSACTION_CLOSED', `Cannot ${operation}: the transaction has already ended`);
    closedBrand.mark(this);
  }

  /** True when `value` is a `TransactionClosedError` from any copy of this package. */
  static override isInstance(value: unknown): value is TransactionClosedError {
    return closedBrand.test(value);
  }
}

const invalidArgumentBrand = errorBrand('@soni/core.error.InvalidArgumentError');

/**
 * Bad input at a public boundary: an empty or non-string name, a handler that is not a
 * function, options that are not an object, an unknown option or value. It is a `TypeError`
 * (so `instanceof TypeError` holds) with `code: 'INVALID_ARGUMENT'`; the operation that
 * threw it changed nothing.
 */
export class InvalidArgumentError extends TypeError {
  /** `'INVALID_ARGUMENT'`, or a more precise code given by a subclass (`'LOCK_CONFIG'`, ...). */
  readonly code: string;

  constructor(message: string, options?: { cause?: unknown; code?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = options?.code ?? 'INVALID_ARGUMENT';
    this.name = new.target.name;
    invalidArgumentBrand.mark(this);
  }

  /** True when `value` is an `InvalidArgumentError` from any copy of this package. */
  static isInstance(value: unknown): value is InvalidArgumentError {
    return invalidArgumentBrand.test(value);
  }
}

/**
 * A short, safe description of any value for error messages: `'abc'`, `42`, `null`,
 * `an array`. Strings are escaped and truncated (see {@link userText}), so user text can
 * neither forge a log line nor flood a message.
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return `'${userText(value, 60)}'`;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'undefined':
      return 'undefined';
    case 'symbol':
      return userText(value.toString(), 60);
    case 'function':
      return `function ${functionLabel(value)}`;
    default:
      return `an object (${tagOf(value)})`;
  }
}

/** `Object`, `Map`, ... from `Object.prototype.toString`; a hostile proxy or tag cannot make it throw. */
function tagOf(value: object): string {
  try {
    return userText(Object.prototype.toString.call(value).slice(8, -1), 40);
  } catch {
    return 'unknown';
  }
}

/** A function's `.name` made safe for a message, or `<anonymous>`. */
export function functionLabel(fn: unknown): string {
  const name: unknown = typeof fn === 'function' ? (fn as { name?: unknown }).name : undefined;
  return typeof name === 'string' && name.length > 0 ? userText(name, 60) : '<anonymous>';
}
