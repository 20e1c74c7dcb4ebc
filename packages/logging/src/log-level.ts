import { LOG_LEVELS, describeValue, type LogLevel, type LogMethod } from '@soni/core';
import { LoggerConfigError } from './errors';

/**
 * For each level, whether it is written. Indexed by any string because callers in plain
 * JavaScript may ask about a level that does not exist (the answer is then `undefined`).
 */
export type LevelSwitches = Readonly<Partial<Record<string, boolean>>>;

/** Which of the four levels are on at `threshold` (that level and the more severe ones). */
export function levelSwitches(threshold: LogLevel): LevelSwitches {
  const from = LOG_LEVELS.indexOf(threshold);
  return Object.freeze({
    debug: from <= 0,
    info: from <= 1,
    warn: from <= 2,
    // Stryker disable next-line ConditionalExpression: every level index is at most 3
    error: from <= 3,
  });
}

/** True when `value` is one of the four level names. */
export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && (LOG_LEVELS as readonly string[]).includes(value);
}

/** Returns `value` as a level, `fallback` when it is `undefined`; throws on anything else. */
export function parseLevel(value: unknown, fallback: LogLevel, where: string): LogLevel {
  if (value === undefined) return fallback;
  if (isLogLevel(value)) return value;
  throw new LoggerConfigError(
    `${where}: unknown level ${describeValue(value)} (valid levels: ${LOG_LEVELS.join(', ')})`,
  );
}

/** Writes one record that passed the level check. */
export type RecordWriter = (level: LogLevel, message: string, fields: Readonly<Record<string, unknown>> | undefined) => void;

/** The four log methods and `isLevelEnabled` of an adapter. */
export interface GatedMethods {
  readonly debug: LogMethod;
  readonly info: LogMethod;
  readonly warn: LogMethod;
  readonly error: LogMethod;
  readonly isLevelEnabled: (level: LogLevel) => boolean;
}

const noop: LogMethod = () => undefined;

/**
 * Log methods that call `write` for the levels `enabled` turns on. A disabled level gets a
 * shared no-op, so the level is checked once, here, and a call at that level does nothing.
 */
export function gatedMethods(enabled: LevelSwitches, write: RecordWriter): GatedMethods {
  const method = (level: LogLevel): LogMethod =>
    enabled[level] === true
      ? (message, fields) => {
          write(level, message, fields);
        }
      : noop;
  return {
    debug: method('debug'),
    info: method('info'),
    warn: method('warn'),
    error: method('error'),
    isLevelEnabled: (level) => enabled[level] === true,
  };
}
