import { onAbort, type Unsubscribe } from './abort-subscriptions';
import type { ActionEntry } from './action-entry';
import type { ActionScope } from './action-scope';
import type { ActionContext, ActionResult } from './action-types';
import { ActionError } from './errors';
import type { LockHold, LockOptions } from './lock-strategy';
import { registryChannels, type ExecutionTrace } from './registry-diagnostics';
import { wouldLog, writeLog } from './safe-log';
import { startTimer, type CancelTimer } from './timers';

const enum Phase {
  Waiting,
  Validating,
  Running,
  Settled,
}

const PHASE_TEXT = ['waiting for the lock', 'validating its inputs', 'running'] as const;

/**
 * The state of one `execute` call: its single deadline, its caller's signal, the signal its
 * action sees, and where it stands (waiting for the lock, validating, running).
 *
 * One deadline per execution: the timer is armed once, when `execute` is called, and covers
 * the lock wait, the input validation and the run. The lock gets the execution's signal, not a
 * timeout of its own, so no second timer exists for the same deadline.
 *
 * When the caller stops waiting (the deadline passes or its signal aborts), the caller's
 * promise rejects at once; an action that has started keeps running, and keeps its lock hold
 * and its in-flight count, until it settles (JavaScript cannot stop a running function). That
 * is reported on `soni:action:abandoned` and logged at `warn`.
 *
 * Creating an `AbortSignal` costs about 1.6 µs on Node 20, most of an execution: without a
 * timeout or a signal nothing is created unless the action reads `context.signal`.
 */
export class Execution {
  readonly name: string;
  /** Whether anything (a deadline, a caller's signal) can abort this execution at all. */
  readonly abortable: boolean;
  /** What the lock is given: the execution's signal, or nothing. */
  readonly lockOptions: LockOptions | undefined;
  aborted = false;
  reason: ActionError | undefined;

  /** Why the caller gave up (only meaningful once `aborted` is true). */
  get abortReason(): ActionError {
    return this.reason ?? new ActionError('ABORTED', this.name, `Action '${this.name}' was aborted`);
  }
  /** Set by the function the lock runs, to check the lock ran it exactly once and kept its result. */
  // Stryker disable next-line BooleanLiteral: every attempt resets it before the lock is asked (`#attempt`), so the initial value is never read
  granted = false;
  result: ActionResult | undefined;
  /** Where the name went when it moved scopes while the execution waited. */
  moved: ActionScope | undefined;
  /** The tracing-channel context, when someone subscribes. */
  trace: ExecutionTrace | undefined;
  #phase = Phase.Waiting;
  #entry: ActionEntry | undefined;
  #startedAt = 0;
  #controller: AbortController | undefined;
  #holdSignal: AbortSignal | undefined;
  #fencingToken: number | undefined;
  #unlinkHold: Unsubscribe | undefined;
  #cancelTimer: CancelTimer | undefined;
  #unlinkCaller: Unsubscribe | undefined;
  #rejectCaller: ((reason: ActionError) => void) | undefined;
  #rejectStep: ((reason: ActionError) => void) | undefined;

  constructor(name: string, timeoutMs: number | undefined, callerSignal: AbortSignal | undefined) {
    this.name = name;
    this.abortable = timeoutMs !== undefined || callerSignal !== undefined;
    if (timeoutMs !== undefined) {
      // The lock waits on this execution's own signal, which the one deadline timer aborts.
      this.#controller = new AbortController();
      this.lockOptions = { signal: this.#controller.signal };
      this.#cancelTimer = startTimer(() => {
        this.abort('TIMEOUT', undefined, timeoutMs);
      }, timeoutMs);
    } else {
      this.lockOptions = callerSignal === undefined ? undefined : { signal: callerSignal };
    }
    if (callerSignal !== undefined) {
      this.#unlinkCaller = onAbort(callerSignal, () => {
        this.abort('ABORTED', callerSignal.reason, undefined);
      });
    }
  }

  /** Settles like `run`, or rejects with the abort reason as soon as the caller gives up. */
  outcome(run: Promise<ActionResult>): Promise<ActionResult> {
    return new Promise<ActionResult>((resolve, reject) => {
      this.#rejectCaller = reject;
      run.then(
        (value) => {
          this.#release();
          resolve(value);
        },
        (error: unknown) => {
          this.#release();
          // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the run's own ActionError (or what a lock threw), unchanged
          reject(error);
        },
      );
    });
  }

  /** Drops the timer and the caller subscription once the caller has its answer. */
  #release(): void {
    this.#rejectCaller = undefined;
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
    this.#unlinkCaller?.();
    this.#unlinkCaller = undefined;
  }

  /** The caller gives up: `TIMEOUT` (deadline) or `ABORTED` (its signal, with `cause`). */
  abort(code: 'TIMEOUT' | 'ABORTED', cause: unknown, timeoutMs: number | undefined): void {
    if (this.aborted || this.#rejectCaller === undefined) return;
    const phase = this.#phase;
    const where = phase === Phase.Settled ? 'finishing' : PHASE_TEXT[phase];
    const reason =
      code === 'TIMEOUT'
        ? new ActionError('TIMEOUT', this.name, `Action '${this.name}' timed out after ${String(timeoutMs)} ms (${where})`)
        : new ActionError('ABORTED', this.name, `Action '${this.name}' was aborted (${where})`, { cause });
    this.aborted = true;
    this.reason = reason;
    const rejectCaller = this.#rejectCaller;
    this.#release();
    this.#controller?.abort(reason);
    this.#rejectStep?.(reason);
    rejectCaller(reason);
    if (phase === Phase.Running) this.#reportAbandoned(code);
  }

  #reportAbandoned(code: 'TIMEOUT' | 'ABORTED'): void {
    const entry = this.#entry;
    if (entry === undefined) return;
    const runningMs = Math.round(performance.now() - this.#startedAt);
    const scope = entry.scope.kind;
    if (registryChannels.abandoned.hasSubscribers) {
      registryChannels.abandoned.publish({ action: this.name, scope, runningMs, code });
    }
    const logger = entry.scope.logger;
    if (wouldLog(logger, 'warn')) {
      writeLog(
        logger,
        'warn',
        `Action '${this.name}' was abandoned by its caller (${code}) after running ${runningMs} ms; it keeps its ${scope} lock until it settles`,
        { action: this.name, scope, runningMs, code },
      );
    }
  }

  /** The lock granted the execution and `entry` was resolved: it counts as in flight now. */
  enter(entry: ActionEntry, hold: LockHold | undefined): void {
    entry.enter();
    this.#entry = entry;
    if (this.trace !== undefined) this.trace.scope = entry.scope.kind;
    this.#fencingToken = hold?.fencingToken;
    const signal = hold?.signal;
    if (signal !== undefined) {
      this.#holdSignal = signal;
      if (this.#controller !== undefined) this.#linkHold(this.#controller, signal);
    }
  }

  /** The execution is done with its entry (the action settled, or never started). */
  leave(): void {
    this.#phase = Phase.Settled;
    this.#unlinkHold?.();
    this.#unlinkHold = undefined;
    this.#entry?.leave();
  }

  /** Settles like `step` (input validation), or rejects as soon as the caller gives up. */
  raceStep<T>(step: Promise<T>): Promise<T> {
    this.#phase = Phase.Validating;
    if (!this.abortable) return step;
    return new Promise<T>((resolve, reject) => {
      this.#rejectStep = reject;
      step.then(resolve, reject);
    }).finally(() => {
      this.#rejectStep = undefined;
    });
  }

  /** The action is about to be called. */
  running(): void {
    this.#phase = Phase.Running;
    if (this.abortable) this.#startedAt = performance.now();
  }

  /** The signal the action sees: aborts when the caller gives up or the lock hold is lost. */
  signal(): AbortSignal {
    if (this.#controller === undefined) {
      const controller = new AbortController();
      this.#controller = controller;
      if (this.aborted) controller.abort(this.reason);
      else if (this.#holdSignal !== undefined) this.#linkHold(controller, this.#holdSignal);
    }
    return this.#controller.signal;
  }

  #linkHold(controller: AbortController, holdSignal: AbortSignal): void {
    if (holdSignal.aborted) {
      controller.abort(holdSignal.reason);
      return;
    }
    this.#unlinkHold = onAbort(holdSignal, () => {
      controller.abort(holdSignal.reason);
    });
  }

  /** The context the action receives. */
  context(): ActionContext {
    return new ExecutionContext(this.name, this, this.#fencingToken, this.abortable || this.#holdSignal !== undefined);
  }
}

/**
 * What an action receives as its second argument. `signal` is a getter that creates the
 * signal on first read; pass the context itself on (a spread copy would not carry `signal`).
 */
class ExecutionContext implements ActionContext {
  readonly action: string;
  readonly fencingToken: number | undefined;
  readonly abortable: boolean;
  readonly #execution: Execution;

  constructor(action: string, execution: Execution, fencingToken: number | undefined, abortable: boolean) {
    this.action = action;
    this.fencingToken = fencingToken;
    this.abortable = abortable;
    this.#execution = execution;
  }

  get signal(): AbortSignal {
    return this.#execution.signal();
  }
}

/**
 * The context of an execution that nothing can abort (no deadline, no caller signal, an
 * in-process hold): its `signal` is created on first read and never aborts.
 */
export class QuietContext implements ActionContext {
  readonly action: string;
  /** In-process holds issue no fencing token. */
  readonly fencingToken = undefined;
  /** Nothing can abort this execution. */
  readonly abortable = false;
  #signal: AbortSignal | undefined;

  constructor(action: string) {
    this.action = action;
  }

  get signal(): AbortSignal {
    return (this.#signal ??= new AbortController().signal);
  }
}
