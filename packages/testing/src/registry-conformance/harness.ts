import { ActionHandler, InvalidArgumentError, describeValue } from '@soni/core';
import type { ActionFunc, ActionRegistry, LockStrategy, Logger } from '@soni/core';
import { preserveGlobalRegistry, type GlobalStashSource } from '../global-state';

/** A value or a promise of it: subjects may be asynchronous wrappers. */
export type MaybePromise<T> = T | Promise<T>;

/**
 * The registry operations the suite drives: the Python `ActionRegistry` API. Methods may
 * return promises (a wrapper that persists or validates asynchronously); the suite awaits
 * them.
 */
export interface RegistrySubject {
  /** Registers `fn` in the global scope (`ActionRegistry.register(name)(fn)`). */
  register(name: string, fn: ActionFunc): unknown;
  /** Registers `fn` in this instance's local scope. */
  registerLocal(name: string, fn: ActionFunc): unknown;
  /** The action under `name` (local first, then global), `undefined` when absent. */
  get(name: string): unknown;
  /** The names in each scope. */
  listActions(): MaybePromise<{ readonly global: readonly string[]; readonly local: readonly string[] }>;
  /** Removes every global action. */
  clearGlobal(): unknown;
  /**
   * Executes `name` (as `ActionHandler.execute` does). Needed only by the execution
   * scenarios, registered when the suite's `executions` option is given.
   */
  execute?(name: string, inputs?: Record<string, unknown>, options?: { timeoutMs?: number }): Promise<unknown>;
}

/** How the suite gets a registry to test. */
export interface RegistryHarness {
  /**
   * A fresh subject with empty global and local scopes, logging (globally and locally) to
   * `logger` and, when given, coordinating executions with `lock`. Called once per test.
   */
  create(context: { logger: Logger; lock?: LockStrategy }): MaybePromise<RegistrySubject>;
  /** Undoes global changes after each test (clear the global scope, reset the logger). */
  teardown?(): unknown;
}

/**
 * The static side of `ActionRegistry` (or a subclass) as the suite uses it; the real class
 * fits without a cast.
 */
export interface ActionRegistryClassLike extends GlobalStashSource {
  new (options?: { logger?: Logger; lock?: LockStrategy }): ActionRegistry;
  /** `ActionRegistry.register(name)`: the decorator that registers globally. */
  register(name: string): (fn: ActionFunc) => unknown;
  /** `ActionRegistry.clearGlobal()`. */
  clearGlobal(): void;
  /** `ActionRegistry.configure(options)`. */
  configure(options: { logger?: Logger; lock?: LockStrategy }): void;
}

/**
 * A {@link RegistryHarness} for `ActionRegistry` or any subclass: each test sets the global
 * scope's actions and configuration aside (`preserveGlobalRegistry`), gets a new instance and
 * an empty global scope configured with the capture logger (and the suite's lock, if any);
 * executions go through an `ActionHandler`. Teardown puts the application's own global
 * actions, lock and logger back exactly as they were, so the suite can run inside an
 * application's test file without disturbing it.
 *
 * @example
 * ```ts
 * import { ActionRegistry } from '@soni/core';
 * import { actionRegistryHarness, runRegistryConformance } from '@soni/testing';
 *
 * const report = await runRegistryConformance(actionRegistryHarness(ActionRegistry), { readWriteDurationMs: 50 });
 * ```
 */
export function actionRegistryHarness(RegistryClass: ActionRegistryClassLike): RegistryHarness {
  if (typeof RegistryClass !== 'function') {
    throw new InvalidArgumentError(`actionRegistryHarness: expected the ActionRegistry class; got ${describeValue(RegistryClass)}`);
  }
  let restore: (() => void) | undefined;
  const putBack = (): void => {
    const pending = restore;
    restore = undefined;
    pending?.();
  };
  return {
    create: ({ logger, lock }) => {
      const settings = lock === undefined ? { logger } : { logger, lock };
      putBack();
      restore = preserveGlobalRegistry(RegistryClass);
      RegistryClass.configure(settings);
      const registry = new RegistryClass(settings);
      const handler = new ActionHandler(registry);
      return {
        register: (name, fn) => RegistryClass.register(name)(fn),
        registerLocal: (name, fn) => {
          registry.registerLocal(name, fn);
        },
        get: (name) => registry.get(name),
        listActions: () => registry.listActions(),
        clearGlobal: () => {
          RegistryClass.clearGlobal();
        },
        execute: (name, inputs, options) => handler.execute(name, inputs, options),
      };
    },
    teardown: putBack,
  };
}
