/* eslint-disable no-console -- this adapter's whole job is to write to the console */
import { describeValue, type LogLevel } from '@soni/core';
import { LoggerConfigError } from './errors';
import { errorStacks, formatJson, formatPretty } from './format-line';
import { gatedMethods, levelSwitches, parseLevel, type LevelSwitches } from './log-level';
import type { LogBindings, LoggerAdapter } from './logger-adapter';
import { assertBindings, assertOptions } from './option-checks';

/** How {@link consoleLogger} writes a record: one line for people, or one JSON object. */
export type ConsoleFormat = 'pretty' | 'json';

/** The formats {@link consoleLogger} accepts. */
export const CONSOLE_FORMATS: readonly ConsoleFormat[] = ['pretty', 'json'];

/** Receives each finished line of {@link consoleLogger}, with the level it was logged at. */
export type ConsoleWrite = (line: string, level: LogLevel) => void;

/** Options of {@link consoleLogger}. */
export interface ConsoleLoggerOptions {
  /**
   * The lowest level written; calls below it return at once.
   * @default 'info'
   */
  level?: LogLevel | undefined;
  /**
   * `'pretty'`: `2025-01-01T00:00:00.000Z WARN  message key=value`, followed by the stack of
   * any `Error` field. `'json'`: `{"time":"…","level":"warn","msg":"message","key":"value"}`.
   * @default 'pretty'
   */
  format?: ConsoleFormat | undefined;
  /**
   * Where lines go. Tests and services pass their own (a stream, an array).
   * @default `console.debug` / `console.info` / `console.warn` / `console.error` by level
   */
  write?: ConsoleWrite | undefined;
}

const OPTION_KEYS = ['level', 'format', 'write'] as const;

const writeToConsole: ConsoleWrite = (line, level) => {
  console[level](line);
};

interface ConsoleSettings {
  readonly enabled: LevelSwitches;
  readonly format: ConsoleFormat;
  readonly write: ConsoleWrite;
}

/**
 * A logger that writes one line per record to the console (or to `write`).
 *
 * Each call is formatted and written synchronously, so lines from concurrent tasks never
 * interleave within a line. A level below `level` is a no-op: no string, no object, no time.
 *
 * @throws LoggerConfigError when an option is unknown or has a bad value.
 * @example
 * ```ts
 * import { ActionRegistry } from '@soni/core';
 * import { consoleLogger } from '@soni/logging';
 *
 * const registry = new ActionRegistry({ logger: consoleLogger({ level: 'debug', format: 'json' }) });
 * ```
 */
export function consoleLogger(options: ConsoleLoggerOptions = {}): LoggerAdapter {
  return buildConsoleLogger(options, 'consoleLogger');
}

/** {@link consoleLogger} with the caller's name in error messages (for `createLogger`). */
export function buildConsoleLogger(options: unknown, where: string): LoggerAdapter {
  assertOptions(options, where, OPTION_KEYS);
  const level = parseLevel(options.level, 'info', where);
  const format = (options.format ?? 'pretty') as ConsoleFormat;
  if (!CONSOLE_FORMATS.includes(format)) {
    throw new LoggerConfigError(
      `${where}: unknown format ${describeValue(format)} (valid formats: ${CONSOLE_FORMATS.join(', ')})`,
    );
  }
  const write = (options.write ?? writeToConsole) as ConsoleWrite;
  if (typeof write !== 'function') {
    throw new LoggerConfigError(`${where}: 'write' must be a function, got ${describeValue(write)}`);
  }
  return makeConsoleLogger({ enabled: levelSwitches(level), format, write }, undefined);
}

function makeConsoleLogger(settings: ConsoleSettings, bindings: LogBindings | undefined): LoggerAdapter {
  const { enabled, format, write } = settings;
  const methods = gatedMethods(enabled, (level, message, fields) => {
    // Stryker disable next-line ConditionalExpression: spreading undefined bindings gives a copy of the same fields; the check only saves the copy
    const merged = bindings === undefined ? fields : { ...bindings, ...fields };
    const parts = { level, message, fields: merged, time: Date.now() };
    write(format === 'json' ? formatJson(parts) : formatPretty(parts) + errorStacks(merged), level);
  });
  return Object.freeze({
    ...methods,
    child: (more: LogBindings) => {
      assertBindings(more, 'consoleLogger().child');
      return makeConsoleLogger(settings, { ...bindings, ...more });
    },
  });
}
