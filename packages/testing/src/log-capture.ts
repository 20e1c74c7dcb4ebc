import { AssertionError } from 'node:assert';
import { LOG_LEVELS } from '@soni/core';
import type { LogLevel } from '@soni/core';
import { memoryLogger } from '@soni/logging';
import type { LogBindings, LogRecord, MemoryLogger, MemoryLoggerOptions } from '@soni/logging';

export type { LogRecord };

/** What to match a record against; every field given must match. */
export interface LogQuery {
  /** Only records at exactly this level. */
  level?: LogLevel;
  /** Only records at this level or above (`'warn'` matches `warn` and `error`). */
  minLevel?: LogLevel;
  /** A substring the message contains, or a pattern it matches. */
  message?: string | RegExp;
}

/**
 * Options of {@link createLogCapture}: those of `@soni/logging`'s `memoryLogger`. `level`
 * (default `'debug'`) drops the records below it, like pytest's `caplog.at_level(...)`.
 */
export type LogCaptureOptions = MemoryLoggerOptions;

/**
 * `@soni/logging`'s `MemoryLogger` (records `{ level, message, fields, time }`, `lines`,
 * `text`, children sharing the records) with pytest-`caplog`-like queries and assertions.
 * Recording is synchronous, so records are in call order even when many tasks log at once.
 */
export interface LogCapture extends MemoryLogger {
  /**
   * Messages of the records that match `query` (all messages when it is left out); a level
   * alone, as in `memoryLogger().messages('warn')`, means `{ level }`.
   */
  messages(query?: LogQuery | LogLevel): string[];
  /** Records that match `query`. */
  filter(query?: LogQuery): LogRecord[];
  /**
   * Throws an `AssertionError` unless at least one record matches `query` (exactly `times`
   * records when given); returns the matching records.
   */
  assertLogged(query: LogQuery, times?: number): LogRecord[];
  /** Throws an `AssertionError` if any record matches `query`. */
  assertNotLogged(query: LogQuery): void;
  /** A child capture that records into the same list, adding `bindings` to each record's fields. */
  child(bindings: LogBindings): LogCapture;
}

const rank = (level: LogLevel): number => LOG_LEVELS.indexOf(level);

function matches(record: LogRecord, query: LogQuery): boolean {
  if (query.level !== undefined && record.level !== query.level) return false;
  if (query.minLevel !== undefined && rank(record.level) < rank(query.minLevel)) return false;
  if (query.message === undefined) return true;
  return typeof query.message === 'string' ? record.message.includes(query.message) : query.message.test(record.message);
}

function describeQuery(query: LogQuery): string {
  const parts: string[] = [];
  if (query.level !== undefined) parts.push(`level ${query.level}`);
  if (query.minLevel !== undefined) parts.push(`level >= ${query.minLevel}`);
  if (query.message !== undefined) parts.push(`message ${typeof query.message === 'string' ? `containing '${query.message}'` : `matching ${String(query.message)}`}`);
  return parts.length === 0 ? 'any record' : parts.join(', ');
}

function indent(lines: readonly string[]): string {
  return lines.length === 0 ? '  (nothing was logged)' : lines.map((line) => `  ${line}`).join('\n');
}

/**
 * Creates a recording logger: a `memoryLogger(options)` from `@soni/logging` with query and
 * assertion helpers. Pass it to a registry (`new ActionRegistry({ logger })` or
 * `ActionRegistry.configure({ logger })`) and assert on what was logged.
 *
 * @throws LoggerConfigError (from `@soni/logging`, an `InvalidArgumentError`) when an
 * option is unknown or has a bad value.
 * @example
 * ```ts
 * const logs = createLogCapture({ level: 'warn' });
 * ActionRegistry.configure({ logger: logs });
 * ActionRegistry.register('dup')(function first() { return {}; });
 * ActionRegistry.register('dup')(function second() { return {}; });
 * logs.assertLogged({ level: 'warn', message: "Overwriting existing global action 'dup'" });
 * logs.text; // "WARN  Overwriting existing global action 'dup'. Previous: first, New: second action=dup …"
 * ```
 */
export function createLogCapture(options: LogCaptureOptions = {}): LogCapture {
  return withQueries(memoryLogger(options));
}

function withQueries(memory: MemoryLogger): LogCapture {
  const filter = (query: LogQuery = {}): LogRecord[] => memory.records.filter((record) => matches(record, query));
  return Object.freeze({
    debug: memory.debug,
    info: memory.info,
    warn: memory.warn,
    error: memory.error,
    isLevelEnabled: (level: LogLevel) => memory.isLevelEnabled(level),
    child: (bindings: LogBindings) => withQueries(memory.child(bindings)),
    get records() {
      return memory.records;
    },
    get lines() {
      return memory.lines;
    },
    get text() {
      return memory.text;
    },
    messages: (query?: LogQuery | LogLevel) => filter(typeof query === 'string' ? { level: query } : query).map((record) => record.message),
    filter,
    clear: () => {
      memory.clear();
    },
    assertLogged(query: LogQuery, times?: number): LogRecord[] {
      const found = filter(query);
      const ok = times === undefined ? found.length > 0 : found.length === times;
      if (!ok) {
        const expected = times === undefined ? 'at least one record' : `exactly ${times} record(s)`;
        throw new AssertionError({
          message: `Expected ${expected} with ${describeQuery(query)}, found ${found.length}. Logged:\n${indent(memory.lines)}`,
          actual: found.length,
          expected: times ?? '>= 1',
          operator: 'assertLogged',
        });
      }
      return found;
    },
    assertNotLogged(query: LogQuery): void {
      const found = filter(query);
      if (found.length > 0) {
        // `records` and `lines` are read in the same synchronous step, so they correspond.
        const records = memory.records;
        const lines = memory.lines.filter((_, index) => found.some((record) => record === records[index]));
        throw new AssertionError({
          message: `Expected no record with ${describeQuery(query)}, found ${found.length}:\n${indent(lines)}`,
          actual: found.length,
          expected: 0,
          operator: 'assertNotLogged',
        });
      }
    },
  });
}
