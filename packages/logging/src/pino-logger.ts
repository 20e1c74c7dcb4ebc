import { describeValue, type LogLevel, type LogMethod } from '@soni/core';
import { LoggerConfigError } from './errors';
import { parseLevel } from './log-level';
import type { LogBindings, LoggerAdapter } from './logger-adapter';
import { assertBindings, assertOptions } from './option-checks';

/**
 * The part of a pino logger this adapter uses. Any pino instance (pino 9 or later) fits, so
 * does a pino child, and so does Fastify's `app.log` (`FastifyBaseLogger`, whose type leaves
 * out `isLevelEnabled`), without a cast. It is written out here, instead of imported from
 * `pino`, so that the type declarations of `@soni/logging` compile in projects that do not
 * install pino.
 */
export interface PinoLike {
  /** Logs at pino's `debug` level: `(fields, message)`, fields first as pino takes them. */
  debug(objOrMessage: unknown, message?: string): void;
  /** Logs at pino's `info` level: `(fields, message)`. */
  info(objOrMessage: unknown, message?: string): void;
  /** Logs at pino's `warn` level: `(fields, message)`. */
  warn(objOrMessage: unknown, message?: string): void;
  /** Logs at pino's `error` level: `(fields, message)`. */
  error(objOrMessage: unknown, message?: string): void;
  /** pino's own level check; optional because Fastify's logger type does not declare it. */
  isLevelEnabled?(level: string): boolean;
  /** pino's no-op method; pino puts it in place of each disabled level's method. */
  silent?: unknown;
  /** A pino child logger with `bindings` on every record, and its own `level` when given. */
  child(bindings: Record<string, unknown>, options?: { level?: string }): PinoLike;
}

/** Options of {@link pinoLogger}. */
export interface PinoLoggerOptions {
  /**
   * Fields added to every record, through `instance.child(bindings)`.
   * @default none (the instance is used as it is)
   */
  bindings?: LogBindings | undefined;
  /**
   * The level of the child logger made for this adapter; the instance's own level is left
   * alone. Left out, the adapter follows the instance's level, including later changes.
   * @default the instance's level
   */
  level?: LogLevel | undefined;
  /**
   * The registry passes a failure as the field `error`; pino serializes errors (message,
   * stack, cause) only under its `errorKey`, which is `'err'` unless configured otherwise.
   * An `Error` in `error` is therefore passed under this key. `false` passes fields unchanged.
   * @default 'err'
   */
  errorKey?: string | false | undefined;
}

const OPTION_KEYS = ['bindings', 'level', 'errorKey'] as const;
const PINO_METHODS = ['debug', 'info', 'warn', 'error', 'child'] as const;

/** True when `value` has the methods of a pino logger that {@link pinoLogger} calls. */
export function isPinoLike(value: unknown): value is PinoLike {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return PINO_METHODS.every((name) => typeof v[name] === 'function');
}

/**
 * Logs through the application's own pino logger. The core's `(message, fields)` becomes
 * pino's `(fields, message)`; `debug`, `info`, `warn` and `error` map to the pino levels of
 * the same names; `isLevelEnabled` asks pino, so a level pino has off costs the registry one
 * call and no message. pino itself is never imported: pass the instance.
 *
 * pino writes each record synchronously to its destination buffer, so concurrent tasks
 * never interleave within a record.
 *
 * @param instance - a pino logger (or child) made by the application.
 * @throws LoggerConfigError when `instance` is not a pino logger or an option is bad.
 * @example
 * ```ts
 * import { pino } from 'pino';
 * import { ActionRegistry } from '@soni/core';
 * import { pinoLogger } from '@soni/logging';
 *
 * const logger = pinoLogger(pino({ level: 'info' }), { bindings: { component: 'actions' } });
 * const registry = new ActionRegistry({ logger });
 * ```
 */
export function pinoLogger(instance: PinoLike, options: PinoLoggerOptions = {}): LoggerAdapter {
  return buildPinoLogger(instance, options, 'pinoLogger');
}

/** {@link pinoLogger} with the caller's name in error messages (for `createLogger`). */
export function buildPinoLogger(instance: unknown, options: unknown, where: string): LoggerAdapter {
  if (!isPinoLike(instance)) {
    throw new LoggerConfigError(
      `${where}: expected a pino logger (with ${PINO_METHODS.join(', ')}), got ${describeValue(instance)}`,
    );
  }
  assertOptions(options, where, OPTION_KEYS);
  const { bindings, errorKey = 'err' } = options;
  assertBindings(bindings, where);
  const level = options.level === undefined ? undefined : parseLevel(options.level, 'info', where);
  if (errorKey !== false && (typeof errorKey !== 'string' || errorKey.length === 0)) {
    throw new LoggerConfigError(`${where}: 'errorKey' must be a non-empty string or false, got ${describeValue(errorKey)}`);
  }
  const target =
    bindings === undefined && level === undefined
      ? instance
      : instance.child(bindings ?? {}, level === undefined ? {} : { level });
  return adapt(target, errorKey);
}

function adapt(instance: PinoLike, errorKey: string | false): LoggerAdapter {
  const toPino =
    errorKey === false ||
    // Stryker disable next-line ConditionalExpression,StringLiteral: with errorKey 'error' the mover finds that key in the fields and returns them unchanged; skipping it only saves the call
    errorKey === 'error'
      ? undefined
      : (fields: Record<string, unknown>): Record<string, unknown> => {
          const { error } = fields;
          if (!(error instanceof Error) || errorKey in fields) return fields;
          const { error: _moved, ...rest } = fields;
          return { ...rest, [errorKey]: error };
        };
  // pino replaces a disabled level's method by a no-op, so the level is looked up on each call
  // (it may change at runtime) and nothing more is done here for a level that is off.
  const method =
    (level: LogLevel): LogMethod =>
    (message, fields) => {
      if (fields === undefined) instance[level](message);
      else instance[level](toPino === undefined ? fields : toPino(fields), message);
    };
  return Object.freeze({
    debug: method('debug'),
    info: method('info'),
    warn: method('warn'),
    error: method('error'),
    isLevelEnabled: levelCheck(instance),
    child: (bindings: LogBindings) => {
      assertBindings(bindings, 'pinoLogger().child');
      return adapt(instance.child(bindings), errorKey);
    },
  });
}

/**
 * `isLevelEnabled` for the adapter. pino swaps a disabled level's method for its `silent`
 * no-op, so comparing the method against it answers with two property reads, several times
 * cheaper than pino's own `isLevelEnabled` (this is what keeps a registry with pino at
 * `info` as fast as a silent one). It fails safe: were a pino version to stop using that
 * no-op, a disabled level would only look enabled, and pino would still drop the call. A
 * pino-shaped logger with neither (Fastify's no-op logger when logging is off) answers "on".
 */
function levelCheck(instance: PinoLike): (level: LogLevel) => boolean {
  const off = instance.silent;
  if (typeof off !== 'function') return (level) => instance.isLevelEnabled?.(level) ?? true;
  return (level) => {
    switch (level) {
      case 'debug':
        return instance.debug !== off;
      case 'info':
        return instance.info !== off;
      case 'warn':
        return instance.warn !== off;
      case 'error':
        return instance.error !== off;
      default:
        // Stryker disable next-line all: unreachable, LogLevel has the four values handled above
        return instance.isLevelEnabled?.(level) ?? true;
    }
  };
}
