import { AssertionError } from 'node:assert';
import { InvalidArgumentError, LOG_LEVELS, describeValue } from '@soni/core';
import type { LogLevel, Logger } from '@soni/core';

/** One recorded log call. */
export interface LogRecord {
  readonly level: LogLevel;
  readonly message: string;
  readonly fields: Readonly<Record<string, unknown>> | undefined;
}

/** What to match a record against; every field given must match. */
export interface LogQuery {
  /** Only records at exactly this level. */
  level?: LogLevel;
  /** Only records at this level or above (`'warn'` matches `warn` and `error`). */
  minLevel?: LogLevel;
  /** A substring the message contains, or a pattern it matches. */
  message?: string | RegExp;
}

/** Options of {@link createLogCapture}. */
export interface LogCaptureOptions {
  /**
   * Records below this level are dropped, and `isLevelEnabled` says so, like pytest's
   * `caplog.at_level(...)`.
   * @default 'debug'
   */
  level?: LogLevel;
}

/**
 * A core {@link Logger} that records every call, with pytest-`caplog`-like accessors and
 * assertion helpers. Recording is synchronous, so records are in call order even when many
 * tasks log at once.
 */
export interface LogCapture extends Logger {
  /** Every record kept so far, oldest first. */
  readonly records: readonly LogRecord[];
  /** Every kept message joined with newlines, like `caplog.text`. */
  readonly text: string;
  /** Messages of the records that match `query` (all messages when it is left out). */
  messages(query?: LogQuery): string[];
  /** Records that match `query`. */
  filter(query?: LogQuery): LogRecord[];
  /** Forgets every record (the level stays). */
  clear(): void;
  /**
   * Throws an `AssertionError` unless at least one record matches `query` (exactly `times`
   * records when given); returns the matching records.
   */
  assertLogged(query: LogQuery, times?: number): LogRecord[];
  /** Throws an `AssertionError` if any record matches `query`. */
  assertNotLogged(query: LogQuery): void;
}

const rank = (level: LogLevel): number => LOG_LEVELS.indexOf(level);

function checkLevel(level: unknown, what: string): LogLevel {
  if (typeof level !== 'string' || !LOG_LEVELS.includes(level as LogLevel)) {
    throw new InvalidArgumentError(`${what} must be one of ${LOG_LEVELS.join(', ')}; got ${describeValue(level)}`);
  }
  return level as LogLevel;
}

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

function dump(records: readonly LogRecord[]): string {
  return records.length === 0 ? '  (nothing was logged)' : records.map((r) => `  [${r.level}] ${r.message}`).join('\n');
}

/**
 * Creates a recording {@link Logger}: pass it to a registry (`new ActionRegistry({ logger })`
 * or `ActionRegistry.configure({ logger })`) and assert on what was logged.
 *
 * @example
 * ```ts
 * const logs = createLogCapture({ level: 'warn' });
 * ActionRegistry.configure({ logger: logs });
 * ActionRegistry.register('dup')(function first() { return {}; });
 * ActionRegistry.register('dup')(function second() { return {}; });
 * logs.assertLogged({ level: 'warn', message: "Overwriting existing global action 'dup'" });
 * assert.match(logs.text, /Previous: first, New: second/);
 * ```
 */
export function createLogCapture(options: LogCaptureOptions = {}): LogCapture {
  const threshold = rank(checkLevel(options.level ?? 'debug', 'createLogCapture: options.level'));
  let records: LogRecord[] = [];

  const method =
    (level: LogLevel) =>
    (message: string, fields?: Record<string, unknown>): void => {
      if (rank(level) < threshold) return;
      // Copy the fields: a caller may mutate its object after logging.
      records.push(Object.freeze({ level, message, fields: fields === undefined ? undefined : { ...fields } }));
    };

  const filter = (query: LogQuery = {}): LogRecord[] => records.filter((record) => matches(record, query));

  return {
    debug: method('debug'),
    info: method('info'),
    warn: method('warn'),
    error: method('error'),
    isLevelEnabled: (level: LogLevel) => rank(level) >= threshold,
    get records() {
      return records.slice();
    },
    get text() {
      return records.map((record) => record.message).join('\n');
    },
    messages: (query?: LogQuery) => filter(query).map((record) => record.message),
    filter,
    clear: () => {
      records = [];
    },
    assertLogged(query: LogQuery, times?: number): LogRecord[] {
      const found = filter(query);
      const ok = times === undefined ? found.length > 0 : found.length === times;
      if (!ok) {
        const expected = times === undefined ? 'at least one record' : `exactly ${times} record(s)`;
        throw new AssertionError({
          message: `Expected ${expected} with ${describeQuery(query)}, found ${found.length}. Logged:\n${dump(records)}`,
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
        throw new AssertionError({
          message: `Expected no record with ${describeQuery(query)}, found ${found.length}:\n${dump(found)}`,
          actual: found.length,
          expected: 0,
          operator: 'assertNotLogged',
        });
      }
    },
  };
}
