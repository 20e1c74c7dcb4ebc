import type { ActionOptions, DuplicatePolicy } from './action-types';
import { InvalidArgumentError, describeValue } from './errors';
import { isLockStrategy, type LockOptions, type LockStrategy } from './lock-strategy';
import { isLogger, type Logger } from './logger';

/** Boundary checks shared by the registry, its transactions and the handler. */

export function assertName(name: unknown, where: string): asserts name is string {
  if (typeof name !== 'string' || name.length === 0) {
    throw new InvalidArgumentError(`${where}: the action name must be a non-empty string, got ${describeValue(name)}`);
  }
}

export function assertFunction(fn: unknown, where: string, what = 'the action handler'): asserts fn is (...args: never[]) => unknown {
  if (typeof fn !== 'function') {
    throw new InvalidArgumentError(`${where}: ${what} must be a function, got ${describeValue(fn)}`);
  }
}

function assertPlainOptions(value: unknown, where: string, known: readonly string[]): asserts value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidArgumentError(`${where}: options must be an object, got ${describeValue(value)}`);
  }
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      throw new InvalidArgumentError(`${where}: unknown option '${key}' (valid options: ${known.join(', ')})`);
    }
  }
}

function isStandardSchema(value: unknown): boolean {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
  const standard: unknown = Reflect.get(value, '~standard');
  return typeof standard === 'object' && standard !== null && typeof Reflect.get(standard, 'validate') === 'function';
}

const ACTION_OPTION_KEYS = ['inputs', 'schema', 'description', 'dispose'] as const;
const NO_OPTIONS: ActionOptions = Object.freeze({});

/** Validates registration options and returns a frozen copy the caller cannot mutate later. */
export function normalizeActionOptions(options: unknown, where: string): ActionOptions {
  if (options === undefined) return NO_OPTIONS;
  assertPlainOptions(options, where, ACTION_OPTION_KEYS);
  const { inputs, schema, description, dispose } = options;
  const result: { -readonly [K in keyof ActionOptions]: ActionOptions[K] } = {};
  if (inputs !== undefined) {
    if (!Array.isArray(inputs) || !inputs.every((input) => typeof input === 'string' && input.length > 0)) {
      throw new InvalidArgumentError(`${where}: 'inputs' must be an array of non-empty strings, got ${describeValue(inputs)}`);
    }
    result.inputs = Object.freeze([...(inputs as string[])]);
  }
  if (schema !== undefined) {
    if (!isStandardSchema(schema)) {
      throw new InvalidArgumentError(
        `${where}: 'schema' must be a Standard Schema validator (zod, valibot, arktype, ...), got ${describeValue(schema)}`,
      );
    }
    result.schema = schema as NonNullable<ActionOptions['schema']>;
  }
  if (description !== undefined) {
    if (typeof description !== 'string') {
      throw new InvalidArgumentError(`${where}: 'description' must be a string, got ${describeValue(description)}`);
    }
    result.description = description;
  }
  if (dispose !== undefined) {
    assertFunction(dispose, where, "'dispose'");
    result.dispose = dispose as NonNullable<ActionOptions['dispose']>;
  }
  return Object.freeze(result);
}

/** Valid values of {@link RegistryOptions.onDuplicate}. */
export const DUPLICATE_POLICIES: readonly DuplicatePolicy[] = ['warn', 'error', 'ignore'];

/** The settings of one scope after validation, defaults filled in. */
export interface ScopeSettings {
  lock: LockStrategy | undefined;
  logger: Logger | undefined;
  onDuplicate: DuplicatePolicy;
}

/** Validates `RegistryOptions`; fields left out come back as `undefined` (the defaults). */
export function normalizeRegistryOptions(options: unknown, where: string): ScopeSettings {
  if (options === undefined) return { lock: undefined, logger: undefined, onDuplicate: 'warn' };
  assertPlainOptions(options, where, ['lock', 'logger', 'onDuplicate']);
  const { lock, logger, onDuplicate } = options;
  if (lock !== undefined && !isLockStrategy(lock)) {
    throw new InvalidArgumentError(
      `${where}: 'lock' must be a LockStrategy ({ kind, runExclusive, runShared }), got ${describeValue(lock)}; ` +
        "build one with createLock('mutex' | 'rwlock' | 'none') from @soni/locking",
    );
  }
  if (logger !== undefined && !isLogger(logger)) {
    throw new InvalidArgumentError(
      `${where}: 'logger' must be a Logger with debug, info, warn and error methods, got ${describeValue(logger)}`,
    );
  }
  if (onDuplicate !== undefined && !DUPLICATE_POLICIES.includes(onDuplicate as DuplicatePolicy)) {
    throw new InvalidArgumentError(
      `${where}: 'onDuplicate' must be one of ${DUPLICATE_POLICIES.map((p) => `'${p}'`).join(', ')}, got ${describeValue(onDuplicate)}`,
    );
  }
  return {
    lock: lock,
    logger: logger,
    onDuplicate: (onDuplicate as DuplicatePolicy | undefined) ?? 'warn',
  };
}

/** Validates `{ signal, timeoutMs }` as given to `execute`, `transaction` and locks. */
export function normalizeLockOptions(options: unknown, where: string): LockOptions | undefined {
  if (options === undefined) return undefined;
  assertPlainOptions(options, where, ['signal', 'timeoutMs']);
  const { signal, timeoutMs } = options;
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new InvalidArgumentError(`${where}: 'signal' must be an AbortSignal, got ${describeValue(signal)}`);
  }
  if (timeoutMs !== undefined) assertTimeout(timeoutMs, where);
  return options;
}

export function assertTimeout(timeoutMs: unknown, where: string): asserts timeoutMs is number {
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs < 0) {
    throw new InvalidArgumentError(`${where}: 'timeoutMs' must be a finite number >= 0, got ${describeValue(timeoutMs)}`);
  }
}
