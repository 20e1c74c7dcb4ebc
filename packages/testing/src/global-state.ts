import { ActionRegistry, InvalidArgumentError, describeValue } from '@soni/core';

/**
 * The static side of a registry class that can set its global scope aside:
 * `ActionRegistry` and its subclasses fit without a cast.
 */
export interface GlobalStashSource {
  /** Sets the global actions and configuration aside; `restore()` puts them back. */
  stashGlobal(): {
    /** Puts back what was set aside; removes (and disposes) what was registered meanwhile. */
    restore(): void;
  };
}

/**
 * Sets the global scope's actions and configuration (lock, logger, duplicate policy) aside,
 * leaving it empty with the defaults, and returns the function that puts them back as they
 * were. Harnesses and tests that need the global scope to themselves call it before, and the
 * returned function after, so running them inside an application's test file leaves the
 * application's own actions and logger in place: nothing set aside is disposed, and
 * whatever the test registered globally is removed (and disposed) on restore.
 *
 * Calls nest: restore in the reverse order of preserving. The returned function throws
 * `InvalidArgumentError` if called a second time (and then changes nothing).
 *
 * @param source - the registry class whose global scope to preserve.
 * @default source `ActionRegistry` of `@soni/core` (the global scope is one per process,
 *   shared by every copy of the package)
 * @example
 * ```ts
 * import { preserveGlobalRegistry } from '@soni/testing';
 * import { afterEach, beforeEach } from 'vitest';
 *
 * let restore: () => void = () => undefined;
 * beforeEach(() => {
 *   restore = preserveGlobalRegistry();
 * });
 * afterEach(() => {
 *   restore();
 * });
 * ```
 */
export function preserveGlobalRegistry(source: GlobalStashSource = ActionRegistry): () => void {
  if ((typeof source !== 'function' && typeof source !== 'object') || (source as unknown) === null || typeof source.stashGlobal !== 'function') {
    throw new InvalidArgumentError(`preserveGlobalRegistry: expected a registry class with stashGlobal(), got ${describeValue(source)}`);
  }
  const stash = source.stashGlobal();
  return () => {
    stash.restore();
  };
}
