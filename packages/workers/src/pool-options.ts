/**
 * The options of a worker pool, as an object or as a configuration string in the syntax
 * `SONI_LOCK` and `SONI_LOG` share (`parseConfigString` in `@soni/core`):
 * `piscina?maxThreads=2&idleTimeoutMs=5000&maxOldGenerationSizeMb=64`.
 *
 * @packageDocumentation
 */
import { availableParallelism } from 'node:os';
import {
  assertKnownParams,
  configMilliseconds,
  isLogger,
  isPlainRecord,
  parseConfigString,
  type Logger,
} from '@soni/core';
import { WorkerConfigError } from './errors';

/** Memory and stack limits of each pool thread (`worker_threads` `resourceLimits`), in megabytes. */
export interface WorkerResourceLimits {
  /** The main heap's maximum size. A thread that exceeds it is ended; its action fails with `WORKER_CRASHED`. */
  maxOldGenerationSizeMb?: number;
  /** The young generation's maximum size. */
  maxYoungGenerationSizeMb?: number;
  /** The pre-allocated memory range for generated code. */
  codeRangeSizeMb?: number;
  /** The thread's maximum stack size. @default 4 */
  stackSizeMb?: number;
}

/** Options of {@link createWorkerPool}. Every field is optional. */
export interface WorkerPoolOptions {
  /**
   * The most threads the pool runs at once; more executions wait in the pool's queue (they
   * hold their scope's shared lock while they wait, as any running action does).
   * @default os.availableParallelism(): one thread a core suits CPU-bound work
   */
  maxThreads?: number;
  /**
   * Threads kept alive while idle. Idle threads never keep the process alive.
   * @default 0: threads start on demand
   */
  minThreads?: number;
  /**
   * How long a thread above `minThreads` stays idle before it ends.
   * @default 30000
   */
  idleTimeoutMs?: number;
  /** Per-thread memory and stack limits. @default Node's defaults */
  resourceLimits?: WorkerResourceLimits;
  /**
   * Where a thread failure that belongs to no execution is reported (at `error`), such as an
   * error thrown from a timer an action left behind after it answered.
   * @default defaultLogger() of `@soni/core`
   */
  logger?: Logger;
}

/** The options in force: every field filled in. */
export interface ResolvedWorkerPoolOptions {
  readonly maxThreads: number;
  readonly minThreads: number;
  readonly idleTimeoutMs: number;
  readonly resourceLimits: Readonly<WorkerResourceLimits>;
  readonly logger: Logger | undefined;
}

/** The kind a configuration string names: the pool library. */
export const WORKER_POOL_KIND = 'piscina';

const LIMIT_KEYS = ['maxOldGenerationSizeMb', 'maxYoungGenerationSizeMb', 'codeRangeSizeMb', 'stackSizeMb'] as const;
const OPTION_KEYS = ['maxThreads', 'minThreads', 'idleTimeoutMs', 'resourceLimits', 'logger'] as const;
const PARAMETERS: readonly string[] = ['maxThreads', 'minThreads', 'idleTimeoutMs', ...LIMIT_KEYS];

const fail = (part: string, value: unknown, expected: string): WorkerConfigError => new WorkerConfigError(part, value, expected);

/** An options object (not null, not an array) whose keys are all known. */
function assertOptions(value: unknown, what: string, known: readonly string[]): asserts value is Record<string, unknown> {
  if (!isPlainRecord(value)) throw fail(what, value, 'an object');
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) throw fail(`${what} key`, key, `one of ${known.join(', ')}`);
  }
}

/**
 * Reads a pool description written as text: `piscina`, optionally followed by `?` and
 * parameters (`maxThreads`, `minThreads`, `idleTimeoutMs` and the four `resourceLimits` fields,
 * flat: `maxOldGenerationSizeMb=64`). Throws {@link WorkerConfigError} naming the bad part.
 *
 * @example
 * ```ts
 * import { parseWorkerPoolConfig } from '@soni/workers';
 *
 * parseWorkerPoolConfig('piscina?maxThreads=2&maxOldGenerationSizeMb=64');
 * // { maxThreads: 2, resourceLimits: { maxOldGenerationSizeMb: 64 } }
 * ```
 */
export function parseWorkerPoolConfig(text: string): WorkerPoolOptions {
  const parsed = parseConfigString(text, fail);
  if (parsed.kind !== WORKER_POOL_KIND) throw new WorkerConfigError('kind', parsed.kind, `'${WORKER_POOL_KIND}'`);
  assertKnownParams(parsed, PARAMETERS, fail);
  const options: WorkerPoolOptions = {};
  const limits: WorkerResourceLimits = {};
  for (const [key, value] of parsed.params) {
    const number = configMilliseconds(value, key, (part, given) => fail(part, given, 'a number >= 0, such as 2'));
    if ((LIMIT_KEYS as readonly string[]).includes(key)) limits[key as keyof WorkerResourceLimits] = number;
    else options[key as 'maxThreads' | 'minThreads' | 'idleTimeoutMs'] = number;
  }
  if (Object.keys(limits).length > 0) options.resourceLimits = limits;
  return options;
}

/**
 * Checks pool options (an object, or a configuration string) and fills in the defaults.
 * Throws {@link WorkerConfigError} for the first bad field.
 */
export function resolveWorkerPoolOptions(input: unknown): ResolvedWorkerPoolOptions {
  const options: unknown = typeof input === 'string' ? parseWorkerPoolConfig(input) : (input ?? {});
  assertOptions(options, 'pool options', OPTION_KEYS);
  const maxThreads = count(options.maxThreads, 'maxThreads', 1) ?? availableParallelism();
  const minThreads = count(options.minThreads, 'minThreads', 0) ?? 0;
  if (minThreads > maxThreads) throw fail('minThreads', minThreads, `at most maxThreads (${String(maxThreads)})`);
  const idleTimeoutMs = options.idleTimeoutMs ?? 30_000;
  if (typeof idleTimeoutMs !== 'number' || !Number.isFinite(idleTimeoutMs) || idleTimeoutMs < 0) {
    throw fail('idleTimeoutMs', idleTimeoutMs, 'a finite number of milliseconds >= 0');
  }
  const logger = options.logger;
  if (logger !== undefined && !isLogger(logger)) throw fail('logger', logger, 'a Logger (debug, info, warn and error methods)');
  return Object.freeze({ maxThreads, minThreads, idleTimeoutMs, resourceLimits: readLimits(options.resourceLimits), logger });
}

function count(value: unknown, field: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw fail(field, value, `a whole number >= ${String(min)}`);
  }
  return value;
}

function readLimits(value: unknown): Readonly<WorkerResourceLimits> {
  if (value === undefined) return Object.freeze({});
  assertOptions(value, 'resourceLimits', LIMIT_KEYS);
  const limits: WorkerResourceLimits = {};
  for (const key of LIMIT_KEYS) {
    const limit = value[key];
    if (limit === undefined) continue;
    if (typeof limit !== 'number' || !Number.isFinite(limit) || limit <= 0) throw fail(`resourceLimits.${key}`, limit, 'a number of megabytes > 0');
    limits[key] = limit;
  }
  return Object.freeze(limits);
}
