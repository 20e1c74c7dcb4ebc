import { assertOptionsObject, describeValue } from '@soni/core';
import { LoggerConfigError } from './errors';

const loggerConfigError = (message: string): LoggerConfigError => new LoggerConfigError(message);

/**
 * Checks that `options` is a plain object with no key outside `known`: core's one options
 * check (same wording in every package), raising this package's {@link LoggerConfigError}.
 */
export function assertOptions(
  options: unknown,
  where: string,
  known: readonly string[],
): asserts options is Record<string, unknown> {
  assertOptionsObject(options, where, known, loggerConfigError);
}

/** Checks that `value`, when given, is a plain object of fields (bindings). */
export function assertBindings(value: unknown, where: string): asserts value is Record<string, unknown> | undefined {
  if (value === undefined) return;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new LoggerConfigError(`${where}: 'bindings' must be an object of fields, got ${describeValue(value)}`);
  }
}
