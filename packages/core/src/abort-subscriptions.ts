/**
 * One `abort` listener per signal, however many operations wait on it. A service often
 * passes one request-scoped or shutdown signal to many executions and lock waits at once;
 * one listener each would trip Node's `MaxListenersExceededWarning` past ten and cost a
 * listener registration per call.
 *
 * @packageDocumentation
 */

const callbacksBySignal = new WeakMap<AbortSignal, Set<() => void>>();

/** Removes a callback added by {@link onAbort}; calling it again does nothing. */
export type Unsubscribe = () => void;

/**
 * Calls `callback` once when `signal` aborts (not at all if it is already aborted: check
 * `signal.aborted` first). Callbacks of one signal run in the order they were added. The
 * signal carries a single listener for all of them.
 *
 * @example
 * ```ts
 * import { onAbort } from '@soni/core';
 *
 * const controller = new AbortController();
 * const stop = onAbort(controller.signal, () => { console.log('aborted'); });
 * stop(); // no longer called
 * ```
 */
export function onAbort(signal: AbortSignal, callback: () => void): Unsubscribe {
  let callbacks = callbacksBySignal.get(signal);
  if (callbacks === undefined) {
    const created = new Set<() => void>();
    callbacks = created;
    callbacksBySignal.set(signal, created);
    signal.addEventListener(
      'abort',
      () => {
        callbacksBySignal.delete(signal);
        for (const fn of created) fn();
        created.clear();
      },
      { once: true },
    );
  }
  const set = callbacks;
  set.add(callback);
  return () => {
    set.delete(callback);
  };
}
