/**
 * Error classes of `@soni/logging`.
 *
 * Like the errors of `@soni/core`, each carries a stable `code` and a `Symbol.for(...)`
 * marker, so `X.isInstance(e)` recognises it even when the ESM and the CommonJS copies of
 * this package are both loaded (where `instanceof` would fail across the two copies).
 *
 * @packageDocumentation
 */
import { InvalidArgumentError, SoniError, errorBrand } from '@soni/core';

const configBrand = errorBrand('@soni/logging.error.LoggerConfigError');

/**
 * A logger configuration or adapter option is invalid: an unknown kind, level or format, an
 * unknown option, a value of the wrong type, or something that is not a pino logger where one
 * is expected. The message names the offending value and the valid ones.
 *
 * It is a `TypeError` and an `InvalidArgumentError` of `@soni/core` (`instanceof` and
 * `InvalidArgumentError.isInstance` both hold), with its own `code: 'LOGGER_CONFIG'`.
 * Nothing was created when it is thrown.
 */
export class LoggerConfigError extends InvalidArgumentError {
  declare readonly code: 'LOGGER_CONFIG';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, { ...options, code: 'LOGGER_CONFIG' });
    this.name = 'LoggerConfigError';
    configBrand.mark(this);
  }

  /** True when `value` is a `LoggerConfigError` from any copy (ESM or CJS) of this package. */
  static override isInstance(value: unknown): value is LoggerConfigError {
    return configBrand.test(value);
  }
}

const dependencyBrand = errorBrand('@soni/logging.error.LoggerDependencyError');

/**
 * A logger needs an optional peer dependency that could not be loaded, for example
 * `createLogger('pino')` in a project without `pino`. The message says what to install; the
 * loading error is the `cause`.
 */
export class LoggerDependencyError extends SoniError {
  declare readonly code: 'LOGGER_DEPENDENCY';
  /** The package that could not be loaded, such as `'pino'`. */
  readonly dependency: string;

  constructor(dependency: string, message: string, options?: { cause?: unknown }) {
    super('LOGGER_DEPENDENCY', message, options);
    this.dependency = dependency;
    dependencyBrand.mark(this);
  }

  /** True when `value` is a `LoggerDependencyError` from any copy (ESM or CJS) of this package. */
  static override isInstance(value: unknown): value is LoggerDependencyError {
    return dependencyBrand.test(value);
  }
}
