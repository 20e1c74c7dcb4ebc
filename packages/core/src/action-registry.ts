import { ActionScope, type ActionEntry } from './action-scope';
import { runTransaction, type TransactionBody } from './action-transaction';
import type { ActionFunc, ActionOptions, DuplicatePolicy } from './action-types';
import { assertFunction, assertName, normalizeActionOptions, normalizeRegistryOptions } from './argument-checks';
import { InvalidArgumentError } from './errors';
import type { LockOptions, LockStrategy } from './lock-strategy';
import type { Logger } from './logger';

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

// The global scope lives on `globalThis` under a registered symbol so that the ESM and the
// CommonJS copies of this package, if both are loaded, share one global registry (as a
// Python class attribute would be shared). Each worker thread has its own `globalThis`.
const GLOBAL_KEY = Symbol.for('@soni/core.global-scope.v1');
const GLOBAL: ActionScope = sharedGlobalScope();

function sharedGlobalScope(): ActionScope {
  const existing = Reflect.get(globalThis, GLOBAL_KEY) as ActionScope | undefined;
  if (existing !== undefined) return existing;
  const scope = new ActionScope('global');
  Object.defineProperty(globalThis, GLOBAL_KEY, { value: scope, configurable: false, enumerable: false, writable: false });
  return scope;
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
    assertName(name, 'registry.registerLocal');
    assertFunction(fn, 'registry.registerLocal');
    this.#local.set(name, fn, normalizeActionOptions(options, 'registry.registerLocal'));
  }

  /** The handler registered as `name` (local first, then global), or `undefined`. */
  get(name: string): ActionFunc | undefined {
    if (typeof name !== 'string' || name.length === 0) assertName(name, 'registry.get');
    const local = this.#local.fns;
    if (local.size !== 0) {
      const fn = local.get(name);
      if (fn !== undefined) return fn;
    }
    return GLOBAL.fns.get(name);
  }

  /** Whether `name` is registered locally or globally. */
  has(name: string): boolean {
    return this.get(name) !== undefined;
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
    assertName(name, 'ActionRegistry.unregister');
    return GLOBAL.delete(name);
  }

  /** Removes a local action; returns whether it existed. */
  unregisterLocal(name: string): boolean {
    assertName(name, 'registry.unregisterLocal');
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

function globalDecorator(name: string, options: ActionOptions | undefined, where: string): ActionDecorator {
  assertName(name, where);
  const normalized = normalizeActionOptions(options, where);
  return <F extends ActionFunc>(fn: F): F => {
    assertFunction(fn, where);
    GLOBAL.set(name, fn, normalized);
    return fn;
  };
}

/** Whether `value` is an `ActionRegistry` of this copy of the package. */
export function isActionRegistry(value: unknown): value is ActionRegistry {
  return typeof value === 'object' && value !== null && LOCAL_SCOPES.has(value as ActionRegistry);
}

/** The scope whose lock an execution of `name` takes: where it is found now, else global. */
export function scopeForExecution(registry: ActionRegistry, name: string): ActionScope {
  const local = LOCAL_SCOPES.get(registry);
  return local?.entries.has(name) === true ? local : GLOBAL;
}

/** The entry `name` resolves to now (local first), for an execution that holds its lock. */
export function resolveEntry(registry: ActionRegistry, name: string): ActionEntry | undefined {
  return LOCAL_SCOPES.get(registry)?.entries.get(name) ?? GLOBAL.entries.get(name);
}
