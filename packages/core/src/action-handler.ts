import { actionNameProblem } from './action-names';
import { isActionRegistry, localScopeOf, type ActionRegistry } from './action-registry';
import type { ActionScope } from './action-scope';
import type { ActionInputs, ActionResult } from './action-types';
import type { ActionInputsOf, ActionMap, ActionName, ActionResultOf, ExecuteArgs, UntypedActions } from './action-typing';
import { ActionError, InvalidArgumentError, describeValue } from './errors';
import { invoke, runUncontended } from './action-invocation';
import { Execution } from './execution';
import { lockError, lockFailed, scopeChanged } from './execution-errors';
import { checkRequiredInputs, validateWithSchema } from './input-validation';
import { LockContractError } from './lock-errors';
import type { LockHold, LockOptions, LockStrategy } from './lock-strategy';
import { assertOptionsObject, assertTimeoutMs, isPlainRecord, readLockOptions } from './option-checks';
import { registryChannels, type ExecutionTrace } from './registry-diagnostics';
import { resolveEntry, scopeOf } from './scope-resolution';
import { rejectWith } from './reject-with';
import { userText } from './user-text';

/** Options of an {@link ActionHandler}. */
export interface ActionHandlerOptions {
  /**
   * Default time limit of every execution, waiting for the lock included, in milliseconds.
   * Any length is honoured (past Node's 24.8-day timer limit too).
   * @default no limit
   */
  timeoutMs?: number;
}

/**
 * Options of one execution: the lock's own options. `timeoutMs` overrides the handler's
 * default; the one deadline covers the lock wait, input validation and the run; `signal`
 * aborts the execution and is what the action sees as `context.signal` (with the deadline).
 */
export type ExecuteOptions = LockOptions;

/** How many times an execution follows a name that moved between scopes before giving up. */
const MAX_SCOPE_ATTEMPTS = 8;

/** What the locked function returns when the name moved to a scope with another lock. */
const MOVED: unique symbol = Symbol('moved');

/**
 * Executes registered actions by name.
 *
 * Concurrency: an execution holds the **shared** lock of the scope its action comes from
 * (local or global) for as long as the action runs, and resolves the action only once it
 * holds the lock: an execution that queued behind a transaction runs the version that the
 * transaction committed. If the name moved to the other scope while it waited, it lets go and
 * takes that scope's lock instead, so an action never runs under the wrong scope's lock.
 * When the caller gives up (deadline, signal), it gets `TIMEOUT`/`ABORTED` at once, but a
 * started action keeps the hold until it settles: a transaction or `dispose` never overlaps
 * it. Every failure is an {@link ActionError} with a `code`.
 *
 * Typing: `A` declares the actions this handler executes, by name (`typeof` each registered
 * function, or an `ActionSignature`); `execute` then accepts only those names, checks the
 * inputs against each one and resolves to its result type. Without `A`, any name is
 * accepted with `ActionInputs` and resolves to `ActionResult`. The declaration is a promise
 * to the compiler, not a check at run time: a declared name that is not registered still
 * rejects with `NOT_FOUND`.
 *
 * @example
 * ```ts
 * import { ActionHandler, ActionRegistry } from '@soni/core';
 * import { z } from 'zod';
 *
 * const registry = new ActionRegistry();
 * const greet = ActionRegistry.register('greet', { schema: z.object({ name: z.string() }) })(
 *   ({ name }) => ({ greeting: `Hello ${name}` }),
 * );
 * const handler = new ActionHandler<{ greet: typeof greet }>(registry, { timeoutMs: 5_000 });
 * const { greeting } = await handler.execute('greet', { name: 'Ada' }); // greeting: string
 * ```
 */
export class ActionHandler<A extends ActionMap<A> = UntypedActions> {
  readonly #registry: ActionRegistry;
  readonly #local: ActionScope;
  readonly #timeoutMs: number | undefined;

  constructor(registry: ActionRegistry, options?: ActionHandlerOptions) {
    const local = isActionRegistry(registry) ? localScopeOf(registry) : undefined;
    if (local === undefined) {
      throw new InvalidArgumentError(`new ActionHandler(): expected an ActionRegistry, got ${describeValue(registry)}`);
    }
    let timeoutMs: number | undefined;
    if (options !== undefined) {
      assertOptionsObject(options, 'new ActionHandler()', ['timeoutMs']);
      const given: unknown = options.timeoutMs;
      if (given !== undefined) {
        assertTimeoutMs(given, 'new ActionHandler()');
        timeoutMs = given;
      }
    }
    this.#registry = registry;
    this.#local = local;
    this.#timeoutMs = timeoutMs;
  }

  /** The registry this handler executes from. */
  get registry(): ActionRegistry {
    return this.#registry;
  }

  /**
   * Executes the action `name` with `inputs` and resolves to its result object. With a
   * declared map of actions, `name` must be one of them, `inputs` must fit it (and may be left
   * out only when it has no required input), and the result has its type.
   *
   * @throws {InvalidArgumentError} for a name that breaks the name policy or bad options.
   * @throws {ActionError} for everything else, with a `code`: see {@link ActionErrorCode}.
   */
  execute<N extends ActionName<A>>(name: N, ...args: ExecuteArgs<ActionInputsOf<A[N]>>): Promise<ActionResultOf<A[N]>>;
  execute(name: string, inputs: unknown = {}, options?: ExecuteOptions): Promise<unknown> {
    if (registryChannels.execute.hasSubscribers) return this.#traced(name, inputs, options);
    if (options === undefined && this.#timeoutMs === undefined) {
      const fast = runUncontended(this.#local, name, inputs);
      if (fast !== undefined) return fast;
    }
    return this.#execute(name, inputs, options, undefined);
  }

  #traced(name: string, inputs: unknown, options: ExecuteOptions | undefined): Promise<ActionResult> {
    const trace: ExecutionTrace = { action: name, scope: undefined, durationMs: Number.NaN };
    const started = performance.now();
    const timed = (): Promise<ActionResult> =>
      this.#execute(name, inputs, options, trace).then(
        (result) => {
          trace.durationMs = performance.now() - started;
          return result;
        },
        (error: unknown) => {
          trace.durationMs = performance.now() - started;
          throw error;
        },
      );
    return registryChannels.execute.tracePromise(timed, trace);
  }

  #execute(name: string, inputs: unknown, options: ExecuteOptions | undefined, trace: ExecutionTrace | undefined): Promise<ActionResult> {
    let execution: Execution;
    try {
      const call = readLockOptions(options, 'handler.execute');
      // A registered name passed the policy when it was registered; only check unknown ones.
      if (typeof name !== 'string' || resolveEntry(this.#local, name) === undefined) {
        const problem = actionNameProblem(name);
        if (problem !== undefined) throw new InvalidArgumentError(`handler.execute: the action name ${problem}`);
      }
      if (!isPlainRecord(inputs)) {
        throw new ActionError('INVALID_INPUTS', name, `Action '${name}' inputs must be an object, got ${describeValue(inputs)}`);
      }
      const signal = call?.signal;
      if (signal?.aborted === true) {
        throw new ActionError('ABORTED', name, `Action '${name}' was aborted (before it started)`, { cause: signal.reason });
      }
      execution = new Execution(name, call?.timeoutMs ?? this.#timeoutMs, signal);
    } catch (error) {
      return rejectWith(error);
    }
    execution.trace = trace;
    const run = this.#attempt(execution, inputs, scopeOf(this.#local, name), 1);
    return execution.abortable ? execution.outcome(run) : run;
  }

  /** One try under the lock of `scope`; follows the name to the other scope if it moved. */
  #attempt(execution: Execution, inputs: ActionInputs, scope: ActionScope, attempt: number): Promise<ActionResult> {
    const lock = scope.lock;
    execution.granted = false;
    let held: Promise<unknown>;
    try {
      held = Promise.resolve(lock.runShared<ActionResult | typeof MOVED>((hold: LockHold | undefined) => this.#underLock(execution, inputs, lock, hold), execution.lockOptions));
    } catch (error) {
      held = rejectWith(error);
    }
    return held.then(
      (value) => {
        if (value === MOVED && execution.moved !== undefined) {
          const next = execution.moved;
          execution.moved = undefined;
          if (attempt >= MAX_SCOPE_ATTEMPTS) throw scopeChanged(execution.name, attempt);
          return this.#attempt(execution, inputs, next, attempt + 1);
        }
        if (execution.result !== undefined && value === execution.result) return execution.result;
        throw lockFailed(execution.name, lock, new LockContractError(lock.kind, `runShared resolved with ${describeValue(value)} instead of the action's result`));
      },
      (error: unknown) => {
        throw lockError(execution, lock, error);
      },
    );
  }

  /** Runs under the lock: resolves the action now, validates, invokes. */
  #underLock(execution: Execution, inputs: ActionInputs, lock: LockStrategy, hold: LockHold | undefined): Promise<ActionResult> | typeof MOVED {
    if (execution.granted) return rejectWith(new LockContractError(lock.kind, 'it ran the function more than once'));
    execution.granted = true;
    // The caller gave up while waiting: never start the action.
    if (execution.aborted) return rejectWith(execution.abortReason);
    const name = execution.name;
    const entry = resolveEntry(this.#local, name);
    if (entry === undefined) return rejectWith(new ActionError('NOT_FOUND', name, `Action '${userText(name)}' not found`));
    if (entry.scope.lock !== lock) {
      // The name moved to a scope with another lock while this execution waited.
      execution.moved = entry.scope;
      return MOVED;
    }
    execution.enter(entry, hold);
    const schema = entry.options.schema;
    if (schema === undefined) {
      try {
        checkRequiredInputs(entry, inputs);
      } catch (error) {
        execution.leave();
        return rejectWith(error);
      }
      return invoke(execution, entry, inputs);
    }
    return execution.raceStep(validateWithSchema(entry, inputs, schema)).then(
      (validated) => {
        if (!execution.aborted) return invoke(execution, entry, validated);
        execution.leave();
        throw execution.abortReason;
      },
      (error: unknown) => {
        execution.leave();
        throw error;
      },
    );
  }
}
