import { escapeControlCharacters, hasControlCharacters, type LogLevel } from '@soni/core';

/** The pieces of one log line. */
export interface LineParts {
  readonly level: LogLevel;
  readonly message: string;
  readonly fields: Readonly<Record<string, unknown>> | undefined;
  /** Epoch milliseconds; left out of the line when `undefined`. */
  readonly time: number | undefined;
}

const LEVEL_LABELS: Readonly<Record<LogLevel, string>> = {
  debug: 'DEBUG',
  info: 'INFO ',
  warn: 'WARN ',
  error: 'ERROR',
};

/**
 * `2025-01-01T00:00:00.000Z WARN  message key=value key2="two words"`: one line for people;
 * strings that need it are quoted, objects are JSON. Control characters anywhere in it (a
 * name with `\n`, an ANSI escape in a value) are escaped, so user text can neither forge a
 * line nor recolour the terminal.
 */
export function formatPretty({ level, message, fields, time }: LineParts): string {
  let line = time === undefined ? '' : `${new Date(time).toISOString()} `;
  line += `${LEVEL_LABELS[level]} ${message}`;
  if (fields !== undefined) {
    for (const key of Object.keys(fields)) line += ` ${key}=${prettyValue(fields[key])}`;
  }
  return escapeControlCharacters(line);
}

/**
 * The stack traces of the `Error` values among `fields`, indented, one block per error. Each
 * line is indented and escaped, so an error message cannot pass for a record of its own.
 */
export function errorStacks(fields: Readonly<Record<string, unknown>> | undefined): string {
  if (fields === undefined) return '';
  let out = '';
  for (const value of Object.values(fields)) {
    if (value instanceof Error && typeof value.stack === 'string') {
      for (const stackLine of value.stack.split(/\r\n|\r|\n/)) out += `\n    ${escapeControlCharacters(stackLine)}`;
    }
  }
  return out;
}

/**
 * `{"time":"…","level":"warn","msg":"…",...fields}`: one JSON object a line, for log
 * shippers. `time`, `level` and `msg` are always the record's own, even when a field has the
 * same name. Errors become `{ type, message, stack, ... }`, bigints strings, cycles
 * `"[Circular]"`; it never throws.
 */
export function formatJson({ level, message, fields, time }: LineParts): string {
  const head: Record<string, unknown> = time === undefined ? {} : { time: new Date(time).toISOString() };
  head.level = level;
  head.msg = message;
  // Assigning the head again after the fields keeps its keys first and its values final.
  // Stryker disable next-line ConditionalExpression: assigning undefined fields leaves a copy of head; the check only saves the copy
  const record = fields === undefined ? head : Object.assign({ ...head }, fields, head);
  return safeStringify(record);
}

function prettyValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return /^[^\s"=]+$/.test(value) && !hasControlCharacters(value) ? value : JSON.stringify(value);
    case 'number':
    case 'boolean':
    case 'bigint':
    case 'undefined':
    case 'symbol':
      return String(value);
    case 'function':
      return `[Function ${value.name || 'anonymous'}]`;
    default:
      if (value instanceof Error) return JSON.stringify(`${value.name}: ${value.message}`);
      return safeStringify(value);
  }
}

function serializeError(error: Error): Record<string, unknown> {
  const out: Record<string, unknown> = { type: error.name, message: error.message, stack: error.stack };
  for (const key of Object.keys(error)) out[key] = (error as unknown as Record<string, unknown>)[key];
  // Stryker disable next-line ConditionalExpression: an undefined cause is dropped by JSON.stringify, the only reader of this object
  if (error.cause !== undefined) out.cause = error.cause;
  return out;
}

function replaceSpecial(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) return serializeError(value);
  return value;
}

// JSON.stringify returns undefined for a lone undefined, function or symbol; its types omit that.
const stringify = JSON.stringify as (value: unknown, replacer: (key: string, value: unknown) => unknown) => string | undefined;

/** JSON.stringify that handles errors, bigints and cycles instead of throwing. */
export function safeStringify(value: unknown): string {
  try {
    return stringify(value, replaceSpecial) ?? 'null';
  } catch {
    // Only a cycle (or a throwing toJSON) gets here: mark every object seen before instead.
    const seen = new WeakSet();
    try {
      return (
        stringify(value, (key, inner) => {
          if (typeof inner === 'object' && inner !== null) {
            if (seen.has(inner)) return '[Circular]';
            seen.add(inner);
          }
          return replaceSpecial(key, inner);
        }) ?? 'null'
      );
    } catch {
      return '"[Unserializable]"';
    }
  }
}
