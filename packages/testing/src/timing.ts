import { setImmediate as immediate, setTimeout as sleepFor } from 'node:timers/promises';

/**
 * Resolves on the next turn of the event loop (a macrotask), so every other ready task,
 * timer and I/O callback gets a chance to run first. Cheaper than a timer, fairer than a
 * microtask (`await null` only lets other microtasks run).
 */
export async function yieldToEventLoop(): Promise<void> {
  await immediate();
}

/** Resolves after `ms` milliseconds of real time. */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  // Stryker disable next-line ConditionalExpression: timers/promises takes { signal: undefined } as no signal; the check only avoids the object
  await sleepFor(ms, undefined, signal === undefined ? undefined : { signal });
}

/**
 * Settles like `promise`, or rejects with `Error(message)` when it has not settled after
 * `ms` milliseconds: a harness must fail on a deadlock, never hang. The timer is not
 * `unref`ed: when a deadlocked promise is the only thing left (as under `node:test`), the
 * timer keeps the process alive until it reports the deadlock; it is cleared once settled.
 */
export async function withDeadline<T>(promise: PromiseLike<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`${message} (no progress after ${ms} ms)`));
    }, ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
