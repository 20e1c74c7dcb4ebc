import type { ActionFunc, ActionOptions } from './action-types';
import { assertFunction, assertName, normalizeActionOptions, normalizeLockOptions } from './argument-checks';
import type { ActionScope, StagedChange } from './action-scope';
import { DuplicateActionError, TransactionClosedError } from './errors';
import type { LockOptions } from './lock-strategy';

/**
 * The handle a transaction body receives. Changes are staged, not applied: they commit
 * together, in one synchronous step, when the body resolves, and are dropped if it throws.
 * Reads (`has`, `get`) see the scope as it would be after the staged changes.
 */
export interface ActionTransaction {
  /** Stages a registration (validated now, applied at commit). */
  register(name: string, fn: ActionFunc, options?: ActionOptions): void;
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

  register(name: string, fn: ActionFunc, options?: ActionOptions): void {
    this.#assertOpen('register');
    assertName(name, 'transaction.register');
    assertFunction(fn, 'transaction.register');
    const normalized = normalizeActionOptions(options, 'transaction.register');
    if (this.scope.onDuplicate === 'error' && this.has(name)) throw new DuplicateActionError(name, this.scope.kind);
    this.#stage({ kind: 'register', name, fn, options: normalized });
  }

  unregister(name: string): boolean {
    this.#assertOpen('unregister');
    assertName(name, 'transaction.unregister');
    const existed = this.has(name);
    this.#stage({ kind: 'unregister', name });
    return existed;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  get(name: string): ActionFunc | undefined {
    assertName(name, 'transaction.get');
    const staged = this.#latest.get(name);
    if (staged === undefined) return this.scope.fns.get(name);
    return staged.kind === 'register' ? staged.fn : undefined;
  }

  close(): void {
    this.#open = false;
  }
}

/** The body of a transaction: may be async; its result is the transaction's result. */
export type TransactionBody<T> = (tx: ActionTransaction) => T | Promise<T>;

/** Runs `body` under the scope's exclusive lock and commits its staged changes atomically. */
export async function runTransaction<T>(scope: ActionScope, body: TransactionBody<T>, options: unknown, where: string): Promise<T> {
  assertFunction(body, where, 'the transaction body');
  const lockOptions: LockOptions | undefined = normalizeLockOptions(options, where);
  return scope.lock.runExclusive(async () => {
    const tx = new StagedTransaction(scope);
    try {
      const result = await body(tx);
      scope.commit(tx.changes);
      return result;
    } finally {
      tx.close();
    }
  }, lockOptions);
}
