import type { LockedFunction, LockHold, LockStrategy } from '@soni/core';

/**
 * The broken variant the stress must catch: a lock that lets go of the hold as soon as the
 * call's signal aborts, while the function goes on (what a handler that raced its action
 * inside the lock did before the fix).
 */
export function releasesAtCallerDeadline(inner: LockStrategy): LockStrategy {
  const early =
    <T>(fn: LockedFunction<T>, signal: AbortSignal | undefined) =>
    (hold?: LockHold): Promise<T> => {
      const running = Promise.resolve(fn(hold));
      if (signal === undefined) return running;
      running.catch(() => undefined);
      return new Promise<T>((resolve, reject) => {
        signal.addEventListener('abort', () => { reject(new Error('released at the caller deadline')); }, { once: true });
        running.then(resolve, reject);
      });
    };
  return {
    kind: `early-release ${inner.kind}`,
    runExclusive: (fn, options) => inner.runExclusive(early(fn, options?.signal), options),
    runShared: (fn, options) => inner.runShared(early(fn, options?.signal), options),
  };
}
