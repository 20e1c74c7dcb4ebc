/**
 * The one syntax of configuration strings, shared by `SONI_LOCK` (`@soni/locking`) and
 * `SONI_LOG` (`@soni/logging`): a kind, optionally followed by `?` and URL-style parameters,
 * as found in an environment variable or a command-line flag.
 *
 * ```text
 * rwlock
 * rwlock?timeoutMs=500&detectReentrancy=true
 * console?level=debug&format=json
 * ```
 *
 * Parameter names are case-sensitive, each appears at most once, and every parameter has a
 * value; values are percent-decoded. Whitespace around the whole string is ignored.
 *
 * @packageDocumentation
 */
import { describeValue } from './errors';
import { hasControlCharacters } from './user-text';

/** A parsed configuration string. */
export interface ConfigString {
  /** What comes before `?`, lower-cased: `'rwlock'`, `'console'`. */
  readonly kind: string;
  /** The parameters, in order. */
  readonly params: ReadonlyMap<string, string>;
}

/** Builds the error a package raises for a bad part: (the part, the value given, what was expected). */
export type ConfigErrorFactory = (part: string, value: unknown, expected: string) => Error;

/**
 * Parses `text` as a configuration string; `fail` builds the error (the caller's typed config
 * error) for the first bad part found.
 *
 * @example
 * ```ts
 * import { InvalidArgumentError, parseConfigString } from '@soni/core';
 *
 * const fail = (part: string, value: unknown, expected: string) => new InvalidArgumentError(`bad ${part}: ${String(value)}; expected ${expected}`);
 * parseConfigString('rwlock?timeoutMs=500', fail); // { kind: 'rwlock', params: Map { 'timeoutMs' => '500' } }
 * ```
 */
export function parseConfigString(text: unknown, fail: ConfigErrorFactory): ConfigString {
  if (typeof text !== 'string') throw fail('description', text, "a string such as 'rwlock' or 'rwlock?timeoutMs=500'");
  const trimmed = text.trim();
  if (hasControlCharacters(trimmed)) throw fail('description', text, 'text without control characters');
  const question = trimmed.indexOf('?');
  const kind = (question === -1 ? trimmed : trimmed.slice(0, question)).trim().toLowerCase();
  if (kind.length === 0) throw fail('kind', text, "a kind before any '?', such as 'rwlock'");
  const params = new Map<string, string>();
  if (question === -1) return { kind, params };
  const query = trimmed.slice(question + 1);
  if (query.includes('?')) throw fail('parameters', query, "one '?' between the kind and its parameters");
  if (query.length === 0) throw fail('parameters', text, "parameters after '?', such as 'timeoutMs=500'");
  for (const pair of query.split('&')) {
    const equals = pair.indexOf('=');
    const key = decode(equals === -1 ? pair : pair.slice(0, equals), fail);
    const value = equals === -1 ? '' : decode(pair.slice(equals + 1), fail);
    if (key.length === 0) throw fail('parameter', pair, "'name=value'");
    if (value.length === 0) throw fail(key, pair, `a value after '${key}='`);
    if (params.has(key)) throw fail('parameter', key, 'each parameter at most once');
    params.set(key, value);
  }
  return { kind, params };
}

function decode(part: string, fail: ConfigErrorFactory): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw fail('parameter', part, 'valid percent-encoding');
  }
}

const DECIMAL = /^\d+(?:\.\d+)?$/;

/**
 * A non-negative number of milliseconds from a parameter's text. A value too large to be a
 * finite number is reported as the text given, not as `Infinity`.
 */
export function configMilliseconds(value: string, field: string, fail: ConfigErrorFactory): number {
  const parsed = Number(value);
  if (!DECIMAL.test(value) || !Number.isFinite(parsed)) throw fail(field, value, 'a number of milliseconds >= 0, such as 500');
  return parsed;
}

/** `true` or `false` from a parameter's text. */
export function configBoolean(value: string, field: string, fail: ConfigErrorFactory): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw fail(field, value, "'true' or 'false'");
}

/** Throws for the first parameter not in `known`, naming the valid ones. */
export function assertKnownParams(config: ConfigString, known: readonly string[], fail: ConfigErrorFactory): void {
  for (const key of config.params.keys()) {
    if (!known.includes(key)) {
      throw fail('parameter', key, known.length === 0 ? `no parameters for '${config.kind}'` : `one of ${known.map((k) => describeValue(k)).join(', ')}`);
    }
  }
}
