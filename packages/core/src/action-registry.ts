import { describeKey, describeVisible, type ActionDescription, type DescribeActionsOptions, type DescribeKey } from './action-descriptions';
import { assertActionName } from './action-names';
import { ActionScope } from './action-scope';
import { runTransaction, type TransactionBody } from './action-transaction';
import type { ActionFunc, ActionOptions, StandardSchemaV1 } from './action-types';
import type { ActionDecorator, InputsFromOptions } from './action-typing';
import { assertActionFunction, normalizeActionOptions, normalizeRegistryOptions, toStoredAction } from './argument-checks';
import { InvalidArgumentError, describeValue } from './errors';
import { stashGlobalScope, type GlobalStash } from './global-stash';
import type { LockOptions } from './lock-strategy';
import type { RegistryConfiguration, RegistryOptions } from './registry-options';
import { GLOBAL_SCOPE as GLOBAL, resolveEntry } from './scope-resolution';

/**
 * The names an instance can see, split by scope (`list_actions()` in Python). Frozen and
 * shared by calls until the next change, so both the object and its arrays are read-only.
 */
export interface ActionListing {
  readonly global: readonly string[];
  readonly local: readonly string[];
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
  #descriptions: { readonly key: DescribeKey; readonly value: readonly ActionDescription[] } | undefined;
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
   * Merges the given fields into the global scope's configuration: `configure({ logger })`
   * changes the logger and keeps the lock and the duplicate policy in force. Validates
   * everything before changing anything. Meant for start-up: operations already waiting on
   * the previous lock keep it. See {@link ActionRegistry.resetConfiguration} and
   * {@link ActionRegistry.configuration}.
   *
   * @example
   * ```ts
   * import { ActionRegistry, NO_LOCK } from '@soni/core';
   *
   * ActionRegistry.configure({ onDuplicate: 'error' });
   * ActionRegistry.configure({ lock: NO_LOCK }); // the duplicate policy stays 'error'
   * ```
   */
  static configure(options: RegistryOptions): void {
    if ((options as unknown) === undefined) {
      throw new InvalidArgumentError('ActionRegistry.configure(): options must be an object (use ActionRegistry.resetConfiguration() to reset)');
    }
    GLOBAL.configure(normalizeRegistryOptions(options, 'ActionRegistry.configure()'));
  }

  /** Puts the global scope's lock, logger and duplicate policy back to their defaults. */
  static resetConfiguration(): void {
    GLOBAL.resetConfiguration();
  }

  /**
   * The global scope's configuration in force, every field filled in (`NO_LOCK`,
   * `defaultLogger()` and `'warn'` when not configured). A frozen copy.
   */
  static configuration(): RegistryConfiguration {
    return GLOBAL.configuration();
  }

  /**
   * Sets the global scope's actions and configuration aside, leaving it empty with the
   * default configuration, and returns the stash that puts them back. For tests that need a
   * global scope of their own inside an application's process: nothing set aside is disposed,
   * and executions already running keep their action. Synchronous, so atomic.
   *
   * @example
   * ```ts
   * import { ActionRegistry } from '@soni/core';
   *
   * const stash = ActionRegistry.stashGlobal();
   * try {
   *   ActionRegistry.register('probe')(() => ({ ok: true }));
   * } finally {
   *   stash.restore(); // 'probe' is gone, the application's actions and logger are back
   * }
   * ```
   */
  static stashGlobal(): GlobalStash {
    return stashGlobalScope();
  }

  /**
   * Returns a decorator that registers a function as a global action and returns it
   * unchanged, with its own type. The name and options are checked now; the function when the
   * decorator runs. Works on plain functions and, as a TC39 decorator, on static methods.
   *
   * Typed from the options: with a `schema`, the function's `inputs` are the schema's output
   * type; with `inputs: ['id']`, those keys are present; otherwise `ActionInputs`.
   *
   * @example
   * ```ts
   * import { ActionRegistry } from '@soni/core';
   * import { z } from 'zod';
   *
   * export const lookup = ActionRegistry.register('lookup', { schema: z.object({ id: z.string() }) })(
   *   async ({ id }) => ({ found: id.length > 0 }),
   * );
   * ```
   */
  static register<const O extends ActionOptions = ActionOptions>(name: string, options?: O): ActionDecorator<InputsFromOptions<O>> {
    return globalDecorator(name, options, 'ActionRegistry.register');
  }

  /** The same as the static `register` (global), reachable from an instance as in Python. */
  register<const O extends ActionOptions = ActionOptions>(name: string, options?: O): ActionDecorator<InputsFromOptions<O>> {
    return globalDecorator(name, options, 'registry.register');
  }

  /**
   * Registers an action in this instance only; it takes precedence over a global one. `fn`
   * is typed from `options` as with {@link ActionRegistry.register}.
   */
  registerLocal<const O extends ActionOptions = ActionOptions>(name: string, fn: ActionFunc<InputsFromOptions<O>>, options?: O): void {
    assertActionName(name, 'registry.registerLocal');
    assertActionFunction(fn, 'registry.registerLocal');
    this.#local.set(name, toStoredAction(fn), normalizeActionOptions(options, 'registry.registerLocal'));
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
  list(): readonly string[] {
    this.#dropStaleViews();
    return (this.#listCache ??= Object.freeze([...new Set([...this.#local.names(), ...GLOBAL.names()])].sort()));
  }

  /**
   * The names by scope, each in registration order: `{ global, local }`. A consistent,
   * frozen snapshot (a concurrent clear shows all or nothing), shared by calls until the
   * next change, so repeated calls cost nothing.
   */
  listActions(): ActionListing {
    this.#dropStaleViews();
    return (this.#listing ??= Object.freeze({ global: GLOBAL.names(), local: this.#local.names() }));
  }

  /**
   * Describes every action visible from this instance, sorted by name as `list()` is: its
   * name, the scope it is found in, its description, its required inputs and, when its schema
   * offers one, its input JSON Schema (see {@link ActionDescription}). For tool listings
   * given to a model or a UI.
   *
   * A consistent snapshot, like `listActions()`: the actions are all taken in one
   * synchronous step before any converter runs, so a concurrent change shows entirely or not
   * at all; the array and everything in it are frozen. It is shared by calls with the same
   * converter and target until the next change, and each action's description is built once.
   *
   * @example
   * ```ts
   * import { ActionRegistry } from '@soni/core';
   * import { z } from 'zod';
   *
   * const registry = new ActionRegistry();
   * registry.registerLocal('book', ({ seats }) => ({ booked: seats }), {
   *   schema: z.object({ seats: z.number().int().min(1) }),
   *   description: 'Books seats',
   * });
   * const tools = registry.describeActions().map(({ name, description, jsonSchema }) => ({ name, description, parameters: jsonSchema }));
   * ```
   */
  describeActions<S = StandardSchemaV1>(options?: DescribeActionsOptions<S>): readonly ActionDescription[] {
    const key = describeKey(options);
    this.#dropStaleViews();
    const cached = this.#descriptions;
    if (cached !== undefined && cached.key.convert === key.convert && cached.key.target === key.target) return cached.value;
    const value = describeVisible(this.#local, this.list(), key);
    // A converter that changed the registry made this snapshot older than the state: not cached.
    if (this.#local.version === this.#viewsLocalVersion && GLOBAL.version === this.#viewsGlobalVersion) this.#descriptions = { key, value };
    return value;
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
      this.#descriptions = undefined;
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

function globalDecorator<I>(name: string, options: ActionOptions | undefined, where: string): ActionDecorator<I> {
  assertActionName(name, where);
  const normalized = normalizeActionOptions(options, where);
  return <F extends ActionFunc<I>>(fn: F): F => {
    assertActionFunction(fn, where);
    GLOBAL.set(name, toStoredAction(fn), normalized);
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
