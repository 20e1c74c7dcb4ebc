/**
 * Timers for deadlines of any length. Node clamps a `setTimeout` delay above 2^31 − 1 ms
 * (about 24.8 days) to 1 ms, with a `TimeoutOverflowWarning`, which would turn a long
 * timeout into an immediate false one; these timers re-arm in steps instead.
 *
 * @packageDocumentation
 */

/** The longest delay `setTimeout` honours, in milliseconds. */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/** Cancels a timer made by {@link startTimer}; calling it again, or after it fired, does nothing. */
export type CancelTimer = () => void;

/**
 * Calls `fn` once after `delayMs` milliseconds, however long that is (delays above
 * {@link MAX_TIMER_DELAY_MS} are honoured by re-arming). Returns a function that cancels it.
 * Like `setTimeout`, the timer keeps the process alive while it is pending.
 *
 * @example
 * ```ts
 * import { startTimer } from '@soni/core';
 *
 * const cancel = startTimer(() => { console.log('30 days later'); }, 30 * 24 * 3600 * 1000);
 * cancel();
 * ```
 */
export function startTimer(fn: () => void, delayMs: number): CancelTimer {
  if (delayMs <= MAX_TIMER_DELAY_MS) {
    const handle = setTimeout(fn, delayMs);
    return () => {
      clearTimeout(handle);
    };
  }
  return longTimer(fn, delayMs);
}

function longTimer(fn: () => void, delayMs: number): CancelTimer {
  const dueAt = Date.now() + delayMs;
  let handle: ReturnType<typeof setTimeout>;
  const arm = (): void => {
    const left = dueAt - Date.now();
    handle = left > MAX_TIMER_DELAY_MS ? setTimeout(arm, MAX_TIMER_DELAY_MS) : setTimeout(fn, Math.max(0, left));
  };
  arm();
  return () => {
    clearTimeout(handle);
  };
}
