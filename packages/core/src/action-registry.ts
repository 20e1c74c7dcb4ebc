import { assertActionName } from './action-names';
import { ActionScope } from './action-scope';
import { runTransaction, type TransactionBody } from './action-transaction';
import type { ActionFunc, ActionOptions, DuplicatePolicy } from './action-types';
import { assertActionFunction, normalizeActionOptions, normalizeRegistryOptions } from './argument-checks';
import { InvalidArgumentError, describeValue } from './errors';
import type { LockOptions, LockStrategy } from './lock-strategy';
import type { Logger } from './logger';
import { GLOBAL_SCOPE as GLOBAL, resolveEntry } from './scope-resolution';

/** Options of a registry (its local scope) or, through `configure`, of the global scope. */
export interface RegistryOptions {
  /**
   * How async operations (executions, transactions) are coordinated.
   * @default no coordination (`NO_LOCK`); see `createLock` in `@soni/locking`
   */
  lock?: LockStrategy;
  /**
   * Where registrations, overwrites and clears are logged.
   * @default warnings and errors to the console (`defaultLogger()`)
   */
  logger?: Logger;
  /**
   * What registering a taken name does: `'warn'` overwrites and logs a warning (as the
   * Python original does), `'error'` throws `DuplicateActionError` and changes nothing,
   * `'ignore'` overwrites silently.
   * @default 'warn'
   */
  onDuplicate?: DuplicatePolicy;
}

/** What `register` returns: registers the function it is given and returns it unchanged. */
export type ActionDecorator = <F extends ActionFunc>(fn: F, context?: unknown) => F;

/** The names an instance can see, split by scope (`list_actions()` in Python). */
export interface ActionListing {
  global: string[];
  local: string[];
}

/** The local scope of each registry, for the handler; not part of the public API. */
const LOCAL_SCOPES = new WeakMap<ActionRegistry, ActionScope>();

/**
 * Registry of action handlers with a global (class-level) scope shared by every instance and
 * a local scope per instance; local actions take precedence over global ones.
 *
 * Concurrency: every method here except `transaction` is synchronous and therefore atomic in
 * JavaScript: a reader never observes a half-applied change, and `listActions()` is always a
 * consistent snapshot. Operations that span `await`s (executions through `ActionHandler`,
 * transactions) are coordinated by the scope's {@link LockStrategy}.
 *
 * @example
 * ```ts
 * const greet = ActionRegistry.register('greet')((inputs) => ({ greeting: `Hello ${String(inputs.name)}` }));
 * const registry = new ActionRegistry();
 * registry.registerLocal('custom', () => ({ ok: true }));
 * registry.listActions(); // { global: ['greet'], local: ['custom'] }
 * ```
 */
export class ActionRegistry {
  readonly #local: ActionScope;
  /** Cached views of the names, valid for the scope versions below. */
  #listCache: readonly string[] | undefined;
  #listing: ActionListing | undefined;
  #viewsLocalVersion = -1;
  #viewsGlobalVersion = -1;

  /** Creates a registry; `options` configure its local scope. */
  constructor(options?: RegistryOptions) {
    const settings = normalizeRegistryOptions(options, 'new ActionRegistry()');
    this.#local = new ActionScope('local');
    this.#local.configure(settings);
    LOCAL_SCOPES.set(this, this.#local);
  }

  /**
   * Sets the global scope's lock, logger and duplicate policy. Fields left out go back to
   * their defaults, so `configure({})` resets. Validates everything before changing anything.
   * Meant for start-up: operations already waiting on the previous lock keep it.
   */
  static configure(options: RegistryOptions): void {
    if ((options as unknown) === undefined) {
      throw new InvalidArgumentError('ActionRegistry.configure(): options must be an object (use configure({}) to reset)');
    }
    GLOBAL.configure(normalizeRegistryOptions(options, 'ActionRegistry.configure()'));
  }

  /**
   * Returns a decorator that registers a function as a global action and returns it
   * unchanged. The name and options are checked now; the function when the decorator runs.
   * Works on plain functions and, as a TC39 decorator, on static methods.
   *
   * @example
   * ```ts
   * export const lookup = ActionRegistry.register('lookup', { inputs: ['id'] })(
   *   async ({ id }) => ({ found: await db.has(id) }),
   * );
   * ```
   */
  static register(name: string, options?: ActionOptions): ActionDecorator {
    return globalDecorator(name, options, 'ActionRegistry.register');
  }

  /** The same as the static `register` (global), reachable from an instance as in Python. */
  register(name: string, options?: ActionOptions): ActionDecorator {
    return globalDecorator(name, options, 'registry.register');
  }

  /** Registers an action in this instance only; it takes precedence over a global one. */
  registerLocal(name: string, fn: ActionFunc, options?: ActionOptions): void {
    assertActionName(name, 'registry.registerLocal');
    assertActionFunction(fn, 'registry.registerLocal');
    this.#local.set(name, fn, normalizeActionOptions(options, 'registry.registerLocal'));
  }

  /**
   * The handler registered as `name` (local first, then global), or `undefined`. Costs about a
   * `Map.get`; a name the name policy rejects cannot be registered, so it is simply not found.
   * @throws {InvalidArgumentError} when `name` is not a string
   */
  get(name: string): ActionFunc | undefined {
    if (typeof name !== 'string') throw notAString(name, 'registry.get');
    return resolveEntry(this.#local, name)?.fn;
  }

  /** Whether `name` is registered locally or globally (see {@link ActionRegistry.get}). */
  has(name: string): boolean {
    if (typeof name !== 'string') throw notAString(name, 'registry.has');
    return resolveEntry(this.#local, name) !== undefined;
  }

  /**
   * Every name visible from this instance, local and global, sorted and without repeats.
   * The array is a frozen snapshot, shared by calls until the next change.
   */
  list(): string[] {
    this.#dropStaleViews();
    return (this.#listCache ??= Object.freeze([...new Set([...this.#local.names(), ...GLOBAL.names()])].sort())) as string[];
  }

  /**
   * The names by scope, each in registration order: `{ global, local }`. A consistent,
   * frozen snapshot (a concurrent clear shows all or nothing), shared by calls until the
   * next change, so repeated calls cost nothing.
   */
  listActions(): ActionListing {
    this.#dropStaleViews();
    return (this.#listing ??= Object.freeze({ global: GLOBAL.names() as string[], local: this.#local.names() as string[] }));
  }

  /** Forgets the cached views when either scope changed since they were built. */
  #dropStaleViews(): void {
    const localVersion = this.#local.version;
    const globalVersion = GLOBAL.version;
    if (this.#viewsLocalVersion !== localVersion || this.#viewsGlobalVersion !== globalVersion) {
      this.#viewsLocalVersion = localVersion;
      this.#viewsGlobalVersion = globalVersion;
      this.#listCache = undefined;
      this.#listing = undefined;
    }
  }

  /** Removes every global action (affects all instances) and logs `Cleared N global actions`. */
  static clearGlobal(): void {
    GLOBAL.clear();
  }

  /** Alias of {@link ActionRegistry.clearGlobal}, kept from the Python API. */
  static clear(): void {
    GLOBAL.clear();
  }

  /** Removes this instance's local actions. */
  clearLocal(): void {
    this.#local.clear();
  }

  /** Removes a global action; returns whether it existed. Its `dispose` runs once no execution of it is in flight. */
  static unregister(name: string): boolean {
    assertActionName(name, 'ActionRegistry.unregister');
    return GLOBAL.delete(name);
  }

  /** Removes a local action; returns whether it existed. */
  unregisterLocal(name: string): boolean {
    assertActionName(name, 'registry.unregisterLocal');
    return this.#local.delete(name);
  }

  /**
   * Runs `body` under the global scope's exclusive lock. `body` stages changes with
   * `tx.register` / `tx.unregister`; they commit together in one synchronous step when it
   * resolves, or not at all when it throws. Resolves to `body`'s result.
   *
   * @example
   * ```ts
   * await ActionRegistry.transaction(async (tx) => {
   *   const mod = await import('./actions-v2.js');
   *   tx.register('greet', mod.greet, { dispose: mod.close });
   * });
   * ```
   */
  static transaction<T>(body: TransactionBody<T>, options?: LockOptions): Promise<T> {
    return runTransaction(GLOBAL, body, options, 'ActionRegistry.transaction');
  }

  /** Like the static `transaction`, on this instance's local scope and its lock. */
  transaction<T>(body: TransactionBody<T>, options?: LockOptions): Promise<T> {
    return runTransaction(this.#local, body, options, 'registry.transaction');
  }
}

function notAString(name: unknown, where: string): InvalidArgumentError {
  return new InvalidArgumentError(`${where}: the action name must be a string, got ${describeValue(name)}`);
}

function globalDecorator(name: string, options: ActionOptions | undefined, where: string): ActionDecorator {
  assertActionName(name, where);
  const normalized = normalizeActionOptions(options, where);
  return <F extends ActionFunc>(fn: F): F => {
    assertActionFunction(fn, where);
    GLOBAL.set(name, fn, normalized);
    return fn;
  };
}

/** Whether `value` is an `ActionRegistry` of this copy of the package. */
export function isActionRegistry(value: unknown): value is ActionRegistry {
  return typeof value === 'object' && value !== null && LOCAL_SCOPES.has(value as ActionRegistry);
}

/** The local scope of a registry of this copy of the package (for the handler). */
export function localScopeOf(registry: ActionRegistry): ActionScope | undefined {
  return LOCAL_SCOPES.get(registry);
}
