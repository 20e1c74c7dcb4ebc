import type { LogLevel } from '@soni/core';
import { formatPretty } from './format-line';
import { gatedMethods, levelSwitches, parseLevel, type LevelSwitches } from './log-level';
import type { LogBindings, LoggerAdapter } from './logger-adapter';
import { assertBindings, assertOptions } from './option-checks';

/** One call recorded by {@link memoryLogger}. Frozen. */
export interface LogRecord {
  readonly level: LogLevel;
  readonly message: string;
  /** The call's fields over the logger's bindings; `{}` when there were none. A copy. */
  readonly fields: Readonly<Record<string, unknown>>;
  /** When it was logged, in epoch milliseconds (`Date.now()`). */
  readonly time: number;
}

/** Options of {@link memoryLogger}. */
export interface MemoryLoggerOptions {
  /**
   * The lowest level recorded; calls below it return at once.
   * @default 'debug'
   */
  level?: LogLevel | undefined;
}

/** A {@link LoggerAdapter} that keeps what it is given, for tests and diagnostics. */
export interface MemoryLogger extends LoggerAdapter {
  /** A snapshot of the records so far, oldest first. Later calls do not change it. */
  readonly records: readonly LogRecord[];
  /** Each record as one line, `WARN  message key=value` (no time, so tests can match it). */
  readonly lines: readonly string[];
  /** {@link MemoryLogger.lines} joined with `'\n'`; `''` when nothing was recorded. */
  readonly text: string;
  /** The messages recorded, oldest first; only those at `level` when it is given. */
  messages(level?: LogLevel): string[];
  /** Forgets every record (of this logger, its parent and its children: they share them). */
  clear(): void;
  /** A child that records into the same list, adding `bindings` to each record's fields. */
  child(bindings: LogBindings): MemoryLogger;
}

const OPTION_KEYS = ['level'] as const;

/**
 * A logger that records each call as a {@link LogRecord}, for tests: assert on
 * `records`, `messages('warn')` or `text`.
 *
 * Records are appended synchronously, so concurrent tasks never lose one, and `records` is a
 * consistent snapshot.
 *
 * @throws LoggerConfigError when an option is unknown or has a bad value.
 * @example
 * ```ts
 * import { ActionRegistry } from '@soni/core';
 * import { memoryLogger } from '@soni/logging';
 *
 * const logger = memoryLogger();
 * const registry = new ActionRegistry({ logger });
 * registry.registerLocal('greet', () => ({}));
 * logger.messages('debug'); // ["Registered local action: greet"]
 * ```
 */
export function memoryLogger(options: MemoryLoggerOptions = {}): MemoryLogger {
  return buildMemoryLogger(options, 'memoryLogger');
}

/** {@link memoryLogger} with the caller's name in error messages (for `createLogger`). */
export function buildMemoryLogger(options: unknown, where: string): MemoryLogger {
  assertOptions(options, where, OPTION_KEYS);
  const level = parseLevel(options.level, 'debug', where);
  return makeMemoryLogger({ records: [], enabled: levelSwitches(level) }, undefined);
}

interface MemoryStore {
  records: LogRecord[];
  readonly enabled: LevelSwitches;
}

function makeMemoryLogger(store: MemoryStore, bindings: LogBindings | undefined): MemoryLogger {
  const methods = gatedMethods(store.enabled, (level, message, fields) => {
    const copy = Object.freeze({ ...bindings, ...fields });
    store.records.push(Object.freeze({ level, message, fields: copy, time: Date.now() }));
  });
  const lines = (): string[] =>
    store.records.map(({ level, message, fields }) => formatPretty({ level, message, fields, time: undefined }));
  return Object.freeze({
    ...methods,
    child: (more: LogBindings) => {
      assertBindings(more, 'memoryLogger().child');
      return makeMemoryLogger(store, { ...bindings, ...more });
    },
    get records() {
      return store.records.slice();
    },
    get lines() {
      return lines();
    },
    get text() {
      return lines().join('\n');
    },
    messages: (level?: LogLevel) =>
      store.records.filter((record) => level === undefined || record.level === level).map((record) => record.message),
    clear: () => {
      store.records = [];
    },
  });
}
