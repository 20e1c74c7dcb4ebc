import { LOG_LEVELS, describeValue, type LogLevel } from '@soni/core';
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
