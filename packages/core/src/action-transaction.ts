import { assertActionName } from './action-names';
import type { ActionScope, StagedChange } from './action-scope';
import type { ActionFunc, ActionOptions } from './action-types';
import type { InputsFromOptions } from './action-typing';
import { assertActionFunction, normalizeActionOptions, toStoredAction } from './argument-checks';
import { DuplicateActionError, InvalidArgumentError, TransactionClosedError, describeValue } from './errors';
import { LockContractError } from './lock-errors';
import type { LockHold } from './lock-strategy';
import { assertFunction, readLockOptions } from './option-checks';
import { rejectWith } from './reject-with';

/**
 * The handle a transaction body receives. Changes are staged, not applied: they commit
 * together, in one synchronous step, when the body resolves, and are dropped if it throws.
 * Reads (`has`, `get`) see the scope as it would be after the staged changes.
 */
export interface ActionTransaction {
  /**
   * Stages a registration (validated now, applied at commit). `fn` is typed from `options`
   * as with `ActionRegistry.register`: a `schema` types its `inputs` as the schema's output.
   */
  register<const O extends ActionOptions = ActionOptions>(name: string, fn: ActionFunc<InputsFromOptions<O>>, options?: O): void;
  /** Stages a removal; returns whether the name exists in the staged view. */
  unregister(name: string): boolean;
  /** Whether `name` exists in the staged view of this scope. */
  has(name: string): boolean;
  /** The handler of `name` in the staged view of this scope. */
  get(name: string): ActionFunc | undefined;
}

class StagedTransaction implements ActionTransaction {
  readonly changes: StagedChange[] = [];
  readonly #latest = new Map<string, StagedChange>();
  #open = true;

  constructor(readonly scope: ActionScope) {}

  #assertOpen(operation: string): void {
    if (!this.#open) throw new TransactionClosedError(operation);
  }

  #stage(change: StagedChange): void {
    this.changes.push(change);
    this.#latest.set(change.name, change);
  }

  register<const O extends ActionOptions = ActionOptions>(name: string, fn: ActionFunc<InputsFromOptions<O>>, options?: O): void {
    this.#assertOpen('register');
    assertActionName(name, 'transaction.register');
    assertActionFunction(fn, 'transaction.register');
    const normalized = normalizeActionOptions(options, 'transaction.register');
    if (this.scope.onDuplicate === 'error' && this.#staged(name, 'transaction.register') !== undefined) {
      throw new DuplicateActionError(name, this.scope.kind);
    }
    this.#stage({ kind: 'register', name, fn: toStoredAction(fn), options: normalized });
  }

  unregister(name: string): boolean {
    this.#assertOpen('unregister');
    assertActionName(name, 'transaction.unregister');
    const existed = this.#staged(name, 'transaction.unregister') !== undefined;
    this.#stage({ kind: 'unregister', name });
    return existed;
  }

  has(name: string): boolean {
    this.#assertOpen('has');
    return this.#staged(name, 'transaction.has') !== undefined;
  }

  get(name: string): ActionFunc | undefined {
    this.#assertOpen('get');
    return this.#staged(name, 'transaction.get');
  }

  #staged(name: string, where: string): ActionFunc | undefined {
    if (typeof name !== 'string') throw new InvalidArgumentError(`${where}: the action name must be a string, got ${describeValue(name)}`);
    const staged = this.#latest.get(name);
    if (staged === undefined) return this.scope.entries.get(name)?.fn;
    return staged.kind === 'register' ? staged.fn : undefined;
  }

  close(): void {
    this.#open = false;
  }
}

/** The body of a transaction: may be async; its result is the transaction's result. */
export type TransactionBody<T> = (tx: ActionTransaction) => T | Promise<T>;

/** Marks a body's result so the lock's answer can be checked against it. */
class Committed<T> {
  constructor(readonly value: T) {}
}

/**
 * Runs `body` under the scope's exclusive lock and commits its staged changes atomically.
 * The commit happens only if the hold is still valid (a distributed lock whose lease was lost
 * commits nothing and rejects with the hold's reason), and a strategy that resolves without
 * the body's outcome is reported as a {@link LockContractError} instead of a silent
 * `undefined`.
 */
export function runTransaction<T>(scope: ActionScope, body: TransactionBody<T>, options: unknown, where: string): Promise<T> {
  try {
    assertFunction(body, where, 'the transaction body');
    const lockOptions = readLockOptions(options, where);
    const lock = scope.lock;
    return lock.runExclusive((hold: LockHold | undefined) => runBody(scope, body, hold), lockOptions).then((outcome: unknown) => {
      if (outcome instanceof Committed) return outcome.value as T;
      throw new LockContractError(lock.kind, `runExclusive resolved with ${describeValue(outcome)} instead of the transaction's result`);
    });
  } catch (error) {
    return rejectWith(error);
  }
}

async function runBody<T>(scope: ActionScope, body: TransactionBody<T>, hold: LockHold | undefined): Promise<Committed<T>> {
  const tx = new StagedTransaction(scope);
  try {
    const result = await body(tx);
    const lost = hold?.signal;
     
    if (lost?.aborted === true) throw lost.reason;
    scope.commit(tx.changes);
    return new Committed(result);
  } finally {
    tx.close();
  }
}
