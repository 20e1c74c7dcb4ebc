import type { ActionContext } from './action-types';

const ignore = (): void => undefined;

/**
 * The abort state of one execution. Creating an `AbortSignal` costs microseconds on Node 20
 * (most of an execution's cost), so the signal an action sees is created only when the
 * action reads `context.signal`; until then aborting is a flag and a callback.
 */
export class ExecutionAbort {
  #controller: AbortController | undefined;
  #aborted = false;
  #reason: unknown;
  #reject: ((reason: unknown) => void) | undefined;
  /** Whether anything (a timeout, a caller's signal) can abort this execution at all. */
  readonly abortable: boolean;

  constructor(abortable: boolean) {
    this.abortable = abortable;
  }

  get aborted(): boolean {
    return this.#aborted;
  }

  get reason(): unknown {
    return this.#reason;
  }

  /** The signal handed to the action, created on first use. */
  signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  /** Aborts once: the action's signal fires and a pending {@link race} rejects with `reason`. */
  abort(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    this.#controller?.abort(reason);
    this.#reject?.(reason);
  }

  /** Settles like `promise`, or rejects with the abort reason as soon as this aborts. */
  race<T>(promise: Promise<T>): Promise<T> {
    if (!this.abortable) return promise;
    if (this.#aborted) {
      promise.catch(ignore);
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the abort reason, as given
      return Promise.reject(this.#reason);
    }
    return new Promise<T>((resolve, reject) => {
      this.#reject = reject;
      promise.then(resolve, reject);
    });
  }

  /** The context an action receives. */
  context(action: string): ActionContext {
    return new ExecutionContext(action, this);
  }
}

/**
 * What an action receives as its second argument. `signal` is a getter that creates the
 * signal on first read; pass the context itself on (a spread copy would not carry `signal`).
 */
class ExecutionContext implements ActionContext {
  readonly action: string;
  readonly #abort: ExecutionAbort;

  constructor(action: string, abort: ExecutionAbort) {
    this.action = action;
    this.#abort = abort;
  }

  get signal(): AbortSignal {
    return this.#abort.signal();
  }
}
