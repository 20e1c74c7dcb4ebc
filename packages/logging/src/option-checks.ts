import { describeValue } from '@soni/core';
import { LoggerConfigError } from './errors';

/** Checks that `options` is a plain object with no key outside `known`. */
export function assertOptions(
  options: unknown,
  where: string,
  known: readonly string[],
): asserts options is Record<string, unknown> {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new LoggerConfigError(`${where}: options must be an object, got ${describeValue(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      const valid = known.length === 0 ? 'none' : known.join(', ');
      throw new LoggerConfigError(`${where}: unknown option '${key}' (valid options: ${valid})`);
    }
  }
}

/** Checks that `value`, when given, is a plain object of fields (bindings). */
export function assertBindings(value: unknown, where: string): asserts value is Record<string, unknown> | undefined {
  if (value === undefined) return;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new LoggerConfigError(`${where}: 'bindings' must be an object of fields, got ${describeValue(value)}`);
  }
}
