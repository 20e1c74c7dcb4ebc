import type { ActionFunc, ActionOptions, ActionResult, DuplicatePolicy } from './action-types';
import { InvalidArgumentError, describeValue } from './errors';
import { isLockStrategy, type LockStrategy } from './lock-strategy';
import { isLogger, type Logger } from './logger';
import { assertFunction, assertOptionsObject } from './option-checks';

/** Boundary checks of the registry's own options; the shared ones are in `option-checks.ts`. */

const GENERATOR_TAGS = new Set(['[object GeneratorFunction]', '[object AsyncGeneratorFunction]']);

/**
 * Throws {@link InvalidArgumentError} unless `fn` can serve as an action: a function that is
 * not a generator function (calling one returns a generator without running its body, so
 * `execute` would resolve with the generator object).
 */
export function assertActionFunction(fn: unknown, where: string): asserts fn is (...args: never[]) => unknown {
  assertFunction(fn, where, 'the action handler');
  if (GENERATOR_TAGS.has(Object.prototype.toString.call(fn))) {
    throw new InvalidArgumentError(
      `${where}: the action handler ${describeValue(fn)} is a generator function; an action must return (or resolve to) a result object`,
    );
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
  assertOptionsObject(options, where, ACTION_OPTION_KEYS);
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
const DUPLICATE_POLICIES: readonly DuplicatePolicy[] = ['warn', 'error', 'ignore'];

/** The settings of one scope after validation: only the fields that were given. */
export interface ScopeSettings {
  lock?: LockStrategy;
  logger?: Logger;
  onDuplicate?: DuplicatePolicy;
}

/** Validates `RegistryOptions`; the fields left out (or `undefined`) are left out of the result. */
export function normalizeRegistryOptions(options: unknown, where: string): ScopeSettings {
  if (options === undefined) return {};
  assertOptionsObject(options, where, ['lock', 'logger', 'onDuplicate']);
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
  const settings: ScopeSettings = {};
  if (lock !== undefined) settings.lock = lock;
  if (logger !== undefined) settings.logger = logger;
  if (onDuplicate !== undefined) settings.onDuplicate = onDuplicate as DuplicatePolicy;
  return settings;
}

/**
 * The form the registry stores an action in: the untyped `ActionFunc`. Registration typed
 * `fn` against what its options promise (the schema's output, the required names), and
 * execution only ever passes it inputs that kept that promise (validated by the schema,
 * checked for the names), so forgetting the parameter type here loses nothing.
 */
export function toStoredAction<I, R extends ActionResult>(fn: ActionFunc<I, R>): ActionFunc {
  return fn as unknown as ActionFunc;
}
