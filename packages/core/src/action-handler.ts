import { errorMessage, type ActionEntry } from './action-scope';
import { isActionRegistry, resolveEntry, scopeForExecution, type ActionRegistry } from './action-registry';
import type { ActionInputs, ActionResult } from './action-types';
import { assertName, assertTimeout, normalizeLockOptions } from './argument-checks';
import { ActionError, InvalidArgumentError, describeValue } from './errors';
import { checkRequiredInputs, isRecord, validateWithSchema } from './input-validation';
import { ExecutionAbort } from './execution-context';
import type { LockOptions } from './lock-strategy';

/** Options of an {@link ActionHandler}. */
export interface ActionHandlerOptions {
  /**
   * Default time limit of every execution, waiting for the lock included, in milliseconds.
   * @default no limit
   */
  timeoutMs?: number;
}

/** Options of one execution. */
export interface ExecuteOptions {
  /** Aborts the execution (waiting for the lock included); the action sees it as `context.signal`. */
  signal?: AbortSignal;
  /** Time limit of this execution in milliseconds, overriding the handler's default. */
  timeoutMs?: number;
}

/**
 * Executes registered actions by name.
 *
 * Concurrency: an execution holds the **shared** lock of the scope its action was found in
 * (local or global) for as long as the action runs, and resolves the action only once it
 * holds the lock: an execution that queued behind a transaction runs the version that the
 * transaction committed. Every failure is an {@link ActionError} with a `code`.
 *
 * @example
 * ```ts
 * const handler = new ActionHandler(registry, { timeoutMs: 5_000 });
 * const result = await handler.execute('greet', { name: 'Ada' });
 * ```
 */
export class ActionHandler {
  readonly #registry: ActionRegistry;
  readonly #timeoutMs: number | undefined;

  constructor(registry: ActionRegistry, options?: ActionHandlerOptions) {
    if (!isActionRegistry(registry)) {
      throw new InvalidArgumentError(`new ActionHandler(): expected an ActionRegistry, got ${describeValue(registry)}`);
    }
    let timeoutMs: number | undefined;
    if (options !== undefined) {
      if (!isRecord(options)) {
        throw new InvalidArgumentError(`new ActionHandler(): options must be an object, got ${describeValue(options)}`);
      }
      for (const key of Object.keys(options)) {
        if (key !== 'timeoutMs') throw new InvalidArgumentError(`new ActionHandler(): unknown option '${key}' (valid options: timeoutMs)`);
      }
      const given = options.timeoutMs;
      if (given !== undefined) {
        assertTimeout(given, 'new ActionHandler()');
        timeoutMs = given;
      }
    }
    this.#registry = registry;
    this.#timeoutMs = timeoutMs;
  }

  /** The registry this handler executes from. */
  get registry(): ActionRegistry {
    return this.#registry;
  }

  /**
   * Executes the action `name` with `inputs` and resolves to its result object.
   *
   * @throws {ActionError} `NOT_FOUND`, `MISSING_INPUTS`, `INVALID_INPUTS` (also for
   * non-object inputs), `EXECUTION_FAILED` (the action threw, or returned a non-object;
   * the original error is the `cause`), `ABORTED`, `TIMEOUT`.
   * @throws {InvalidArgumentError} for an empty or non-string name or bad options.
   */
  async execute(name: string, inputs: ActionInputs = {}, options?: ExecuteOptions): Promise<ActionResult> {
    assertName(name, 'handler.execute');
    const callOptions = normalizeLockOptions(options, 'handler.execute');
    if (!isRecord(inputs)) {
      throw new ActionError('INVALID_INPUTS', name, `Action '${name}' inputs must be an object, got ${describeValue(inputs)}`);
    }
    const callerSignal = callOptions?.signal;
    if (isAborted(callerSignal)) throw aborted(name, callerSignal);
    const timeoutMs = callOptions?.timeoutMs ?? this.#timeoutMs;

    // Timers, listeners and lock options exist only when a timeout or a signal is given:
    // the common call pays for none of them.
    const abort = new ExecutionAbort(timeoutMs !== undefined || callerSignal !== undefined);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lockOptions: LockOptions | undefined;
    let forwardAbort: (() => void) | undefined;
    if (abort.abortable) {
      lockOptions = {};
      if (timeoutMs !== undefined) {
        lockOptions.timeoutMs = timeoutMs;
        timer = setTimeout(() => {
          abort.abort(new ActionError('TIMEOUT', name, `Action '${name}' timed out after ${timeoutMs} ms`));
        }, timeoutMs);
      }
      if (callerSignal !== undefined) {
        lockOptions.signal = callerSignal;
        forwardAbort = () => {
          abort.abort(callerSignal.reason);
        };
        callerSignal.addEventListener('abort', forwardAbort, { once: true });
      }
    }
    try {
      return await scopeForExecution(this.#registry, name).lock.runShared(() => this.#run(name, inputs, abort), lockOptions);
    } catch (error) {
      if (ActionError.isInstance(error)) throw error;
      if (hasCode(error, 'LOCK_TIMEOUT')) {
        throw new ActionError('TIMEOUT', name, `Action '${name}' timed out${timeoutMs === undefined ? '' : ` after ${timeoutMs} ms`}`, {
          cause: error,
        });
      }
      if (isAborted(callerSignal) || hasCode(error, 'LOCK_ABORTED')) throw aborted(name, callerSignal, error);
      throw failed(name, error);
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      if (forwardAbort !== undefined) callerSignal?.removeEventListener('abort', forwardAbort);
    }
  }

  /** Runs inside the lock: resolves the action now, validates, invokes. */
  #run(name: string, inputs: ActionInputs, abort: ExecutionAbort): Promise<ActionResult> {
    // Aborted (timed out) while waiting for the lock: never start the action.
    if (abort.aborted) return rejectWith(abort.reason);
    const entry = resolveEntry(this.#registry, name);
    if (entry === undefined) return Promise.reject(new ActionError('NOT_FOUND', name, `Action '${name}' not found`));
    entry.enter();
    if (entry.options.schema === undefined) {
      try {
        checkRequiredInputs(entry, inputs);
      } catch (error) {
        entry.leave();
        return rejectWith(error);
      }
      return this.#invoke(entry, inputs, abort);
    }
    return validateWithSchema(entry, inputs).then(
      (validated) => this.#invoke(entry, validated, abort),
      (error: unknown) => {
        entry.leave();
        throw error;
      },
    );
  }

  #invoke(entry: ActionEntry, inputs: ActionInputs, abort: ExecutionAbort): Promise<ActionResult> {
    const name = entry.name;
    let settled: Promise<ActionResult>;
    try {
      settled = Promise.resolve(entry.fn(inputs, abort.context(name)));
    } catch (error) {
      entry.leave();
      return Promise.reject(failed(name, error));
    }
    // `leave` waits for the action itself, even when a timeout or abort rejects earlier, so
    // that `dispose` never runs under an execution that is still going.
    const running = settled.then(
      (result) => {
        entry.leave();
        if (!isRecord(result)) {
          throw failed(name, new TypeError(`Action '${name}' must return an object, got ${describeValue(result)}`));
        }
        return result;
      },
      (error: unknown) => {
        entry.leave();
        throw failed(name, error);
      },
    );
    return abort.race(running);
  }
}

function failed(name: string, error: unknown): ActionError {
  return new ActionError('EXECUTION_FAILED', name, `Action execution failed: ${errorMessage(error)}`, { cause: error });
}

function aborted(name: string, signal: AbortSignal | undefined, error?: unknown): ActionError {
  return new ActionError('ABORTED', name, `Action '${name}' was aborted`, { cause: signal?.reason ?? error });
}

function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

function hasCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

/** A rejected promise with any thrown value, passed on as it was thrown. */
function rejectWith(reason: unknown): Promise<never> {
  // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- rethrows what was thrown, unchanged
  return Promise.reject(reason);
}
