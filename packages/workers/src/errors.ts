/**
 * Error classes of `@soni/workers`.
 *
 * Like the errors of `@soni/core`, each carries a stable `code` and a `Symbol.for(...)`
 * marker, so `X.isInstance(e)` recognises it even when the ESM and the CommonJS copies of
 * this package are both loaded. An action's failure reaches the caller of `execute` as an
 * `ActionError` (`EXECUTION_FAILED`) of `@soni/core` whose `cause` is one of these.
 *
 * @packageDocumentation
 */
import { InvalidArgumentError, SoniError, describeValue, errorBrand, userText } from '@soni/core';

const configBrand = errorBrand('@soni/workers.error.WorkerConfigError');

/**
 * A pool option, a configuration string or a worker action's `{ module, export }` is invalid:
 * an unknown option or kind, a value of the wrong type or range, a module given as a relative
 * or bare specifier. `field`, `value` and `expected` say which part and what would do.
 *
 * It is a `TypeError` and an `InvalidArgumentError` of `@soni/core`, with `code: 'WORKER_CONFIG'`.
 * Nothing was created when it is thrown.
 */
export class WorkerConfigError extends InvalidArgumentError {
  declare readonly code: 'WORKER_CONFIG';
  /** The option or part at fault (`'maxThreads'`, `'module'`, ...). */
  readonly field: string;
  /** The value that was rejected. */
  readonly value: unknown;
  /** What would have been accepted, in words. */
  readonly expected: string;

  constructor(field: string, value: unknown, expected: string, options?: { cause?: unknown }) {
    super(`Invalid worker ${field}: ${describeValue(value)}; expected ${expected}`, { ...options, code: 'WORKER_CONFIG' });
    this.name = 'WorkerConfigError';
    this.field = field;
    this.value = value;
    this.expected = expected;
    configBrand.mark(this);
  }

  /** True when `value` is a `WorkerConfigError` from any copy (ESM or CJS) of this package. */
  static override isInstance(value: unknown): value is WorkerConfigError {
    return configBrand.test(value);
  }
}

const moduleBrand = errorBrand('@soni/workers.error.WorkerModuleError');

/**
 * Why a worker action's module could not be used:
 * - `'not-found'`: the file does not exist (checked by `pool.action()` for `file:` modules, and
 *   again by the worker when it loads the module);
 * - `'load'`: importing the module failed in the worker (a syntax error, a missing import, a
 *   throw at the top level); the worker's error is the `cause`;
 * - `'export'`: the module has no export of that name, or it is not a function.
 */
export type WorkerModuleProblem = 'not-found' | 'load' | 'export';

/** A worker action's module or export cannot be used; `problem` says how. */
export class WorkerModuleError extends SoniError {
  declare readonly code: 'WORKER_MODULE';
  /** The module's URL, whole. */
  readonly module: string;
  /** The export's name. */
  readonly exportName: string;
  /** What is wrong with it. */
  readonly problem: WorkerModuleProblem;

  constructor(module: string, exportName: string, problem: WorkerModuleProblem, detail: string, options?: { cause?: unknown }) {
    super('WORKER_MODULE', `Worker module '${moduleLabel(module)}' (export ${describeValue(exportName)}): ${detail}`, options);
    this.module = module;
    this.exportName = exportName;
    this.problem = problem;
    moduleBrand.mark(this);
  }

  /** True when `value` is a `WorkerModuleError` from any copy (ESM or CJS) of this package. */
  static override isInstance(value: unknown): value is WorkerModuleError {
    return moduleBrand.test(value);
  }
}

/** A module URL for a message: escaped, and cut from the left so the file name stays. */
function moduleLabel(module: string): string {
  const safe = userText(module, Number.MAX_SAFE_INTEGER);
  return safe.length <= 100 ? safe : `…${safe.slice(-99)}`;
}

const cloneBrand = errorBrand('@soni/workers.error.WorkerCloneError');

/**
 * A worker action's inputs (on the way in) or result (on the way back) cannot be copied
 * between threads by the structured clone algorithm: a function, a symbol, a class with
 * private state that does not survive, a `WeakMap`... `path` names where it was found
 * (`options.onDone`, `(root)`), when it could be found. The action never ran (inputs) or ran
 * to the end (result); either way its thread is unharmed or was replaced.
 */
export class WorkerCloneError extends SoniError {
  declare readonly code: 'WORKER_CLONE';
  /** The action's name. */
  readonly action: string;
  /** What could not be copied. */
  readonly direction: 'inputs' | 'result';
  /** Where in the value, as text (`a.b[2]`); `undefined` when the clone algorithm did not say. */
  readonly path: string | undefined;

  constructor(action: string, direction: 'inputs' | 'result', path: string | undefined, found: string, options?: { cause?: unknown }) {
    const where = path === undefined ? '' : ` at ${userText(path, 80)}`;
    super('WORKER_CLONE', `The ${direction} of worker action '${userText(action)}' cannot be copied between threads: ${found}${where}`, options);
    this.action = action;
    this.direction = direction;
    this.path = path;
    cloneBrand.mark(this);
  }

  /** True when `value` is a `WorkerCloneError` from any copy (ESM or CJS) of this package. */
  static override isInstance(value: unknown): value is WorkerCloneError {
    return cloneBrand.test(value);
  }
}

const crashBrand = errorBrand('@soni/workers.error.WorkerCrashError');

/**
 * The thread running a worker action died before answering: `process.exit()` in the worker,
 * an uncaught error or unhandled rejection left behind by the action, a `resourceLimits`
 * overrun. The pool replaced the thread; other executions are unaffected. `cause` is what
 * the pool reported (`worker exited with code: 1`, the uncaught error).
 */
export class WorkerCrashError extends SoniError {
  declare readonly code: 'WORKER_CRASHED';
  /** The action's name. */
  readonly action: string;

  constructor(action: string, detail: string, options?: { cause?: unknown }) {
    super('WORKER_CRASHED', `The worker thread running action '${userText(action)}' died: ${detail}`, options);
    this.action = action;
    crashBrand.mark(this);
  }

  /** True when `value` is a `WorkerCrashError` from any copy (ESM or CJS) of this package. */
  static override isInstance(value: unknown): value is WorkerCrashError {
    return crashBrand.test(value);
  }
}

const closedBrand = errorBrand('@soni/workers.error.WorkerPoolClosedError');

/** A worker action was run after its pool's `close()`, or the pool closed while it was queued. */
export class WorkerPoolClosedError extends SoniError {
  declare readonly code: 'WORKER_POOL_CLOSED';
  /** The action's name. */
  readonly action: string;

  constructor(action: string, options?: { cause?: unknown }) {
    super('WORKER_POOL_CLOSED', `Worker action '${userText(action)}' cannot run: its pool is closed`, options);
    this.action = action;
    closedBrand.mark(this);
  }

  /** True when `value` is a `WorkerPoolClosedError` from any copy (ESM or CJS) of this package. */
  static override isInstance(value: unknown): value is WorkerPoolClosedError {
    return closedBrand.test(value);
  }
}
