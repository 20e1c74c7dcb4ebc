import { fileURLToPath } from 'node:url';
import {
  defaultLogger,
  describeValue,
  type ActionContext,
  type ActionInputs,
  type ActionResult,
} from '@soni/core';
import { Piscina } from 'piscina';
import { UNSURE, cloneRefusal, inspectClone } from './clone-check';
import { WorkerCloneError, WorkerConfigError, WorkerCrashError, WorkerModuleError, WorkerPoolClosedError } from './errors';
import { resolveWorkerPoolOptions, type ResolvedWorkerPoolOptions, type WorkerPoolOptions } from './pool-options';
import { rebuildError } from './remote-error';
import { readModuleTarget, type ModuleTarget, type WorkerActionSpec } from './worker-module';
import { WORKER_ENTRY, type WorkerReply, type WorkerTask } from './worker-protocol';

/**
 * An action whose code runs in a pool thread: an ordinary `ActionFunc<I, R>` (register it with
 * `register`, `registerLocal` or `tx.register`) with what it runs and a `dispose` to pass to
 * its registration.
 */
export interface WorkerAction<I = ActionInputs, R extends ActionResult = ActionResult> {
  (inputs: I, context: ActionContext): Promise<R>;
  /** The module's URL. */
  readonly module: string;
  /** The export it calls. */
  readonly exportName: string;
  /**
   * Retires this action from its pool: give it as the registration's `dispose` option. When
   * every action of a pool is retired, the pool ends its threads (after the tasks still
   * running); it starts new ones if an action runs again. Idempotent.
   */
  readonly dispose: () => Promise<void>;
}

// Tests run this file from src/ (vitest), where the thread script exists only as built
// (dist/worker-thread.js); from dist/ (both builds) it sits beside this bundle.
const SCRIPT = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? '../dist/worker-thread.js' : './worker-thread.js', import.meta.url));

/**
 * A pool of worker threads for actions. Create it with {@link createWorkerPool}; make actions
 * with {@link WorkerPool.action}.
 *
 * Threads start on demand (none exist until an action runs, unless `minThreads` says so),
 * idle threads never keep the process alive, and a thread that dies (`process.exit`, an
 * uncaught error, a memory limit) is replaced without disturbing the other executions.
 */
export class WorkerPool {
  /** The options in force, defaults filled in. */
  readonly options: ResolvedWorkerPoolOptions;
  #piscina: Piscina | undefined;
  #closed = false;
  #live = 0;
  /** Pools being closed (retired or `close()`d), until their threads have ended. */
  readonly #closing = new Map<Piscina, Promise<void>>();

  /** Prefer {@link createWorkerPool}. */
  constructor(options?: WorkerPoolOptions | string) {
    this.options = resolveWorkerPoolOptions(options);
  }

  /** Whether `close()` was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** How many threads are running now, those still finishing after a retirement included. */
  get threads(): number {
    let count = this.#piscina?.threads.length ?? 0;
    for (const closing of this.#closing.keys()) count += closing.threads.length;
    return count;
  }

  /**
   * An action that runs `spec.export` of `spec.module` in this pool, typed `I` in and `R` out.
   * Register it like any action; the registry validates the inputs in the calling thread
   * before dispatch, and holds the scope's shared lock until the thread answers. When the
   * caller's deadline passes or its signal aborts, the thread running the action is terminated
   * (and replaced), so the action settles, and its hold ends, with the caller's deadline.
   *
   * Errors (as `cause` of the `EXECUTION_FAILED` `ActionError`): an error thrown in the worker
   * keeps its name, message, stack and `code`; `WorkerModuleError`, `WorkerCloneError`,
   * `WorkerCrashError`, `WorkerPoolClosedError`.
   *
   * @throws {WorkerConfigError} for a spec of the wrong shape or a relative module specifier
   * @throws {WorkerModuleError} for a `file:` module that does not exist
   * @throws {WorkerPoolClosedError} after `close()`
   * @example
   * ```ts
   * import { ActionRegistry } from '@soni/core';
   * import { createWorkerPool } from '@soni/workers';
   *
   * const pool = createWorkerPool({ maxThreads: 2 });
   * const resize = pool.action<{ width: number }, { pixels: number }>({ module: new URL('./resize.js', import.meta.url), export: 'resize' });
   * new ActionRegistry().registerLocal('resize', resize, { inputs: ['width'], dispose: resize.dispose });
   * ```
   */
  action<I = ActionInputs, R extends ActionResult = ActionResult>(spec: WorkerActionSpec): WorkerAction<I, R> {
    const target = readModuleTarget(spec);
    if (this.#closed) throw new WorkerPoolClosedError(target.exportName);
    this.#live++;
    let retired = false;
    const run = (inputs: I, context: ActionContext): Promise<R> => this.#dispatch(target, inputs, context) as Promise<R>;
    const dispose = (): Promise<void> => {
      if (retired) return Promise.resolve();
      retired = true;
      this.#live--;
      return this.#live === 0 ? this.#retireThreads() : Promise.resolve();
    };
    Object.defineProperties(run, {
      // Shown in the registry's logs (`Previous: resize, New: resize`).
      name: { value: target.exportName },
      module: { value: target.module, enumerable: true },
      exportName: { value: target.exportName, enumerable: true },
      dispose: { value: dispose, enumerable: true },
    });
    return run as WorkerAction<I, R>;
  }

  /**
   * Closes the pool for good: no action of it runs again (`WORKER_POOL_CLOSED`). Tasks still
   * running finish first. Idempotent.
   */
  async close(): Promise<void> {
    this.#closed = true;
    const retiring = this.#retireThreads();
    await Promise.all([retiring, ...this.#closing.values()]);
  }

  #pool(): Piscina {
    if (this.#piscina !== undefined) return this.#piscina;
    const { maxThreads, minThreads, idleTimeoutMs, resourceLimits } = this.options;
    const piscina = new Piscina({
      filename: SCRIPT,
      name: WORKER_ENTRY,
      maxThreads,
      minThreads,
      idleTimeout: idleTimeoutMs,
      // Only when some are set: an empty resourceLimits object still gives each thread
      // smaller heap defaults than Node's, which cost a trivial call ~10 µs in GC (measured).
      ...(Object.keys(resourceLimits).length > 0 ? { resourceLimits } : {}),
    });
    // A thread failure that belongs to no task (a throw from a timer an action left behind)
    // is emitted as 'error'; unheard, it would crash the process.
    piscina.on('error', (error: unknown) => {
      const logger = this.options.logger ?? defaultLogger();
      try {
        logger.error(`A worker thread failed outside any action: ${error instanceof Error ? error.message : describeValue(error)}`, { error });
      } catch {
        // A logger that throws must not turn a reported failure into a crash.
      }
    });
    this.#piscina = piscina;
    return piscina;
  }

  #retireThreads(): Promise<void> {
    const piscina = this.#piscina;
    if (piscina === undefined) return Promise.resolve();
    this.#piscina = undefined;
    const closing = piscina.close().finally(() => this.#closing.delete(piscina));
    this.#closing.set(piscina, closing);
    return closing;
  }

  #dispatch(target: ModuleTarget, inputs: unknown, context: ActionContext): Promise<ActionResult> {
    const action = context.action;
    if (this.#closed) return Promise.reject(new WorkerPoolClosedError(action));
    const task: WorkerTask = { module: target.module, exportName: target.exportName, action, inputs, fencingToken: context.fencingToken };
    // An execution nothing can abort skips the signal: subscribing to one costs a trivial call
    // a fifth of its time (measured), for a cancellation that cannot come.
    if (context.abortable === false) {
      return (this.#pool().run(task) as Promise<WorkerReply>).then(
        (reply) => settle(reply, target, action),
        (error: unknown) => {
          throw runFailure(error, undefined, action, inputs);
        },
      );
    }
    const signal = context.signal;
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the execution's own ActionError
    if (signal.aborted) return Promise.reject(signal.reason);
    return (this.#pool().run(task, { signal }) as Promise<WorkerReply>).then(
      (reply) => settle(reply, target, action),
      (error: unknown) => {
        throw runFailure(error, signal, action, inputs);
      },
    );
  }
}

/** The thread's answer as the action's outcome. */
function settle(reply: WorkerReply, target: ModuleTarget, action: string): ActionResult {
  if (reply.ok) return reply.result as ActionResult;
  switch (reply.failure) {
    case 'threw':
      throw rebuildError(reply.error);
    case 'not-found':
      throw new WorkerModuleError(target.module, target.exportName, 'not-found', `the module was not found (${reply.error.message})`, {
        cause: rebuildError(reply.error),
      });
    case 'load':
      throw new WorkerModuleError(target.module, target.exportName, 'load', `the module could not be loaded: ${reply.error.message}`, {
        cause: rebuildError(reply.error),
      });
    case 'export':
      throw new WorkerModuleError(target.module, target.exportName, 'export', reply.found);
    case 'result':
      throw new WorkerCloneError(action, 'result', reply.path, reply.found);
  }
}

/** What the pool's rejection means for the action. */
function runFailure(error: unknown, signal: AbortSignal | undefined, action: string, inputs: unknown): unknown {
  // The caller has its TIMEOUT or ABORTED already; the thread was terminated. Settling with the
  // same reason ends the execution, and its hold.
  if (signal?.aborted === true) return signal.reason;
  const name = (error as { name?: unknown } | null)?.name;
  const message = error instanceof Error ? error.message : describeValue(error);
  if (name === 'DataCloneError') {
    // Raised here when piscina posted the task: the inputs are at fault.
    const problem = inspectClone(inputs);
    if (problem !== undefined && problem !== UNSURE) return new WorkerCloneError(action, 'inputs', problem.path, problem.found, { cause: error });
    return new WorkerCloneError(action, 'inputs', undefined, cloneRefusal(inputs) ?? message, { cause: error });
  }
  if (name === 'AbortError') return new WorkerPoolClosedError(action, { cause: error });
  return new WorkerCrashError(action, message, { cause: error });
}

/**
 * Creates a pool of worker threads for actions, from options or a configuration string
 * (`'piscina?maxThreads=2&idleTimeoutMs=5000'`). No thread starts until an action runs.
 *
 * @throws {WorkerConfigError} for an unknown option or a bad value
 * @example
 * ```ts
 * import { createWorkerPool } from '@soni/workers';
 *
 * const pool = createWorkerPool({ maxThreads: 2, idleTimeoutMs: 5_000, resourceLimits: { maxOldGenerationSizeMb: 64 } });
 * const same = createWorkerPool('piscina?maxThreads=2&idleTimeoutMs=5000&maxOldGenerationSizeMb=64');
 * ```
 */
export function createWorkerPool(options?: WorkerPoolOptions | string): WorkerPool {
  return new WorkerPool(options);
}

/**
 * Creates the pool an environment variable describes (`SONI_WORKERS=piscina?maxThreads=2`);
 * an unset or blank variable gives a pool with the defaults.
 *
 * @param env - where to read from
 * @param variable - the variable's name
 * @default env `process.env`, variable `'SONI_WORKERS'`
 * @throws {WorkerConfigError} naming the variable for a bad value
 * @example
 * ```ts
 * import { workerPoolFromEnv } from '@soni/workers';
 *
 * // SONI_WORKERS=piscina?maxThreads=2 node server.js
 * const pool = workerPoolFromEnv();
 * ```
 */
export function workerPoolFromEnv(env: Readonly<Record<string, string | undefined>> = process.env, variable = 'SONI_WORKERS'): WorkerPool {
  if (typeof env !== 'object' || (env as unknown) === null || Array.isArray(env)) {
    throw new WorkerConfigError('environment', env, 'an object of variables such as process.env');
  }
  if (typeof variable !== 'string' || variable.trim() === '') {
    throw new WorkerConfigError('variable name', variable, "a non-empty string such as 'SONI_WORKERS'");
  }
  const text: unknown = env[variable];
  if (text === undefined || (typeof text === 'string' && text.trim() === '')) return new WorkerPool();
  if (typeof text !== 'string') throw new WorkerConfigError(variable, text, 'a string such as piscina?maxThreads=2');
  try {
    return new WorkerPool(text);
  } catch (error) {
    if (!WorkerConfigError.isInstance(error)) throw error;
    throw new WorkerConfigError(`${variable} (${error.field})`, error.value, error.expected, { cause: error });
  }
}
