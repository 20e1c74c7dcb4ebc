/* eslint-disable no-console -- the default logger is the one place core writes to the console */
import { escapeControlCharacters } from './user-text';

/** The four levels, lowest first. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Levels in order of severity, for filtering. */
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** A log call: a human message plus structured fields (`action`, `scope`, `count`, ...). */
export type LogMethod = (message: string, fields?: Record<string, unknown>) => void;

/**
 * What the registry logs through. Adapters for pino, the console and tests are in
 * `@soni/logging`; any object with these four methods works.
 *
 * `isLevelEnabled` is optional: when present the registry asks it before building a
 * message, so a disabled level costs a call and nothing more.
 */
export interface Logger {
  debug: LogMethod;
  info: LogMethod;
  warn: LogMethod;
  error: LogMethod;
  /** Whether a call at `level` would be written. Absent means "always". */
  isLevelEnabled?(level: LogLevel): boolean;
}

/**
 * The logger used when none is configured: warnings and errors go to the console
 * (`console.warn` / `console.error`), debug and info are dropped. This is what Python's
 * `logging` does with no handler configured (its "last resort" handler at WARNING).
 * Control characters in messages are escaped, so user text cannot forge a line.
 */
export function defaultLogger(): Logger {
  return DEFAULT_LOGGER;
}

const noop: LogMethod = () => undefined;

const DEFAULT_LOGGER: Logger = Object.freeze({
  debug: noop,
  info: noop,
  // Messages may carry user text (names, function names): one line each, controls escaped.
  warn: (message: string) => {
    console.warn(escapeControlCharacters(message));
  },
  error: (message: string, fields?: Record<string, unknown>) => {
    const cause = fields?.error;
    if (cause === undefined) console.error(escapeControlCharacters(message));
    else console.error(escapeControlCharacters(message), cause);
  },
  isLevelEnabled: (level: LogLevel) => level === 'warn' || level === 'error',
});

/** Whether `logger` would write at `level` (true when it cannot tell). */
export function isLevelEnabled(logger: Logger, level: LogLevel): boolean {
  return logger.isLevelEnabled === undefined || logger.isLevelEnabled(level);
}

/** True when `value` has the four methods of a {@link Logger}. */
export function isLogger(value: unknown): value is Logger {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return LOG_LEVELS.every((level) => typeof v[level] === 'function');
}
