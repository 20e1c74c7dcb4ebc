/**
 * Which locks the current async context holds, for self-deadlock detection and re-entrancy.
 *
 * Tracking uses one `AsyncLocalStorage` per process, shared by every lock strategy and by
 * every copy (ESM, CommonJS) of the packages: on Node 20 and 22 the first storage that is
 * entered turns on promise hooks for the whole process, so there must never be more than
 * one, and it is only entered by locks that have detection on (see
 * {@link selfDeadlockDetectionDefault}).
 *
 * @packageDocumentation
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { LockMode } from './lock-errors';

/**
 * One grant of a lock as seen from the async context that holds it. Contexts form a chain
 * through `parent` (a lock taken while holding another), so a nested request can find whether
 * its context already holds the lock it asks for. Strategies may extend it with their own
 * fields (a re-entrant child queue, for example).
 */
export interface HeldLock {
  /** The public lock object this hold belongs to (re-entrant children share their root's). */
  readonly lock: object;
  /** The mode it was granted in. */
  readonly mode: LockMode;
  /** The hold of the enclosing context, if any. */
  readonly parent: HeldLock | undefined;
  /** False once released: a context that outlives its hold no longer counts as holding. */
  active: boolean;
}

const STORAGE_KEY = Symbol.for('@soni/core.lock-holds.v1');

function sharedStorage(): AsyncLocalStorage<HeldLock> {
  const existing = Reflect.get(globalThis, STORAGE_KEY) as AsyncLocalStorage<HeldLock> | undefined;
  if (existing !== undefined) return existing;
  // Constructing a storage is free; hooks are enabled the first time `run` enters it.
  const storage = new AsyncLocalStorage<HeldLock>();
  Object.defineProperty(globalThis, STORAGE_KEY, { value: storage, configurable: false, enumerable: false, writable: false });
  return storage;
}

const storage = sharedStorage();

/**
 * Hold tracking for lock strategies (used by `@soni/locking` and `@soni/locking-redis`; a
 * custom strategy can use it to get the same self-deadlock detection).
 */
export const lockHolds = Object.freeze({
  /** The innermost hold of the current async context, if it holds any tracked lock. */
  current(): HeldLock | undefined {
    return storage.getStore();
  },
  /** Runs `fn(arg)` in a context that holds `hold` (on top of the holds it already had). */
  run<A, R>(hold: HeldLock, fn: (arg: A) => R, arg: A): R {
    return storage.run(hold, fn, arg);
  },
  /** The innermost active hold of `lock` in the chain that starts at `from`. */
  find(from: HeldLock | undefined, lock: object): HeldLock | undefined {
    for (let hold = from; hold !== undefined; hold = hold.parent) {
      if (hold.lock === lock && hold.active) return hold;
    }
    return undefined;
  },
});

/**
 * Runs `fn` outside every tracked lock hold: locks it asks for treat it as an unrelated
 * caller, so it queues instead of being rejected as a self-deadlock or joining its creator's
 * shared hold. Use it for work that a holder starts but does not await (a timer, a detached
 * promise, a background refresh), which would otherwise count as nested inside the hold.
 *
 * @example
 * ```ts
 * import { runOutsideLocks } from '@soni/core';
 *
 * await lock.runExclusive(async () => {
 *   // Not awaited: without runOutsideLocks this nested request would be rejected with
 *   // LockReentrancyError while the outer hold is active.
 *   setTimeout(() => runOutsideLocks(() => lock.runExclusive(refreshCache)), 0);
 * });
 * ```
 */
export function runOutsideLocks<R>(fn: () => R): R {
  return storage.exit(fn);
}
