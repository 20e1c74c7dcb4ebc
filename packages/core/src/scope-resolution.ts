import type { ActionEntry } from './action-entry';
import { ActionScope } from './action-scope';

// The global scope lives on `globalThis` under a registered symbol so that the ESM and the
// CommonJS copies of this package, if both are loaded, share one global registry (as a
// Python class attribute would be shared). Each worker thread has its own `globalThis`.
const GLOBAL_KEY = Symbol.for('@soni/core.global-scope.v1');

function sharedGlobalScope(): ActionScope {
  const existing = Reflect.get(globalThis, GLOBAL_KEY) as ActionScope | undefined;
  if (existing !== undefined) return existing;
  const scope = new ActionScope('global');
  Object.defineProperty(globalThis, GLOBAL_KEY, { value: scope, configurable: false, enumerable: false, writable: false });
  return scope;
}

/** The global scope, shared by every registry (and every copy of the package). */
export const GLOBAL_SCOPE: ActionScope = sharedGlobalScope();

/**
 * The one rule for "local first, then global": the entry `name` resolves to from a registry
 * whose local scope is `local`. `registry.get`/`has`, the handler (before and after it holds
 * a lock) and nothing else decide this, so they can never disagree.
 */
export function resolveEntry(local: ActionScope, name: string): ActionEntry | undefined {
  if (local.entries.size !== 0) {
    const entry = local.entries.get(name);
    if (entry !== undefined) return entry;
  }
  return GLOBAL_SCOPE.entries.get(name);
}

/** The scope whose lock an execution of `name` takes first: where it resolves now, else global. */
export function scopeOf(local: ActionScope, name: string): ActionScope {
  return resolveEntry(local, name)?.scope ?? GLOBAL_SCOPE;
}
