/**
 * Error classes of `@soni/core`.
 *
 * Every error carries a stable `code` and a `Symbol.for(...)` marker, so `X.isInstance(e)`
 * recognises it even when the ESM and the CommonJS copies of this package are both loaded
 * (where `instanceof` would fail across the two copies).
 *
 * @packageDocumentation
 */

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

/** Codes of {@link ActionError}. */
export type ActionErrorCode =
  | 'NOT_FOUND'
  | 'MISSING_INPUTS'
  | 'INVALID_INPUTS'
  | 'EXECUTION_FAILED'
  | 'ABORTED'
  | 'TIMEOUT';

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
  /** The name of the action that failed. */
  readonly action: string;

  constructor(code: ActionErrorCode, action: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.action = action;
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
    super('DUPLICATE_ACTION', `Action '${action}' is already registered in the ${scope} scope`);
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

/** Thrown when a transaction handle is used after its transaction committed or rolled back. */
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

/** A short, safe description of any value for error messages: `'abc'`, `42`, `null`, `an array`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return value.length > 60 ? `'${value.slice(0, 57)}...'` : `'${value}'`;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'undefined':
      return 'undefined';
    case 'symbol':
      return value.toString();
    case 'function':
      return `function ${value.name || '<anonymous>'}`;
    default:
      return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`;
  }
}
