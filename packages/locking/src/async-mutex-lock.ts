import {
  IN_PROCESS_HOLD,
  InvalidArgumentError,
  LockAbortedError,
  LockTimeoutError,
  assertFunction,
  describeValue,
  onAbort,
  readLockOptions,
  startTimer,
} from '@soni/core';
import type { CancelTimer, LockedFunction, LockMode, LockOptions, LockStrategy, Unsubscribe } from '@soni/core';

/**
 * The part of an async-mutex `Mutex` (or `withTimeout(mutex, ms)`) the adapter uses. Written
 * out here instead of imported, so `@soni/locking` needs async-mutex only where you use it.
 */
export interface AsyncMutexLike {
  /** Waits for the mutex and resolves to the function that releases it. */
  acquire(): Promise<() => void>;
  /** Whether the mutex is held. */
  isLocked(): boolean;
}

/** The part of an async-mutex `Semaphore` (or `withTimeout(semaphore, ms)`) the adapter uses. */
export interface AsyncSemaphoreLike {
  /** Waits for `weight` permits and resolves to `[value, release]`. */
  acquire(weight?: number): Promise<[number, () => void]>;
  /** Whether no permit is free. */
  isLocked(): boolean;
  /** How many permits are free. */
  getValue(): number;
}

/**
 * The permits of a semaphore, or `undefined` for a mutex. `withTimeout` gives a wrapped mutex
 * a `getValue` too, one that throws, hence the call rather than a look at the method.
 */
function permitsOf(value: AsyncMutexLike | AsyncSemaphoreLike): number | undefined {
  const getValue = (value as Partial<AsyncSemaphoreLike>).getValue;
  if (typeof getValue !== 'function') return undefined;
  try {
    const permits: unknown = getValue.call(value);
    // Stryker disable BlockStatement: the catch block below: emptied, it also ends the function with undefined
    return typeof permits === 'number' ? permits : undefined;
  } catch {
    return undefined;
  }
}

// Stryker restore BlockStatement
function isAsyncMutexLike(value: unknown): value is AsyncMutexLike | AsyncSemaphoreLike {
  return typeof value === 'object' && value !== null && typeof (value as { acquire?: unknown }).acquire === 'function' && typeof (value as { isLocked?: unknown }).isLocked === 'function';
}

/**
 * A `LockStrategy` over an existing async-mutex instance, so a codebase that already guards a
 * resource with an async-mutex `Mutex` or `Semaphore` (plain or wrapped with `withTimeout`) can
 * hand the registry that very instance: its other code and the registry's executions then
 * exclude each other.
 *
 * - A `Mutex`: `runExclusive` and `runShared` both take it (a mutex has no shared mode).
 * - A `Semaphore` of n permits: `runShared` takes one permit (up to n shared holders at once),
 *   `runExclusive` takes all n (alone).
 *
 * What it keeps of the lock contract: the hold lasts until the function settles; a waiter
 * whose `timeoutMs` elapses or whose `signal` aborts rejects at once with `LockTimeoutError` /
 * `LockAbortedError` and its function never runs; `timeoutMs: 0` is a try-lock. What it lacks,
 * because async-mutex cannot drop a waiter from its queue: a waiter that gave up stays queued
 * inside async-mutex until its turn, when the adapter releases it at once (so it delays those
 * behind it by one hand-off), and there is no self-deadlock detection (a nested request on the
 * same instance waits forever). A `withTimeout` instance's own timeout is reported as a
 * `LockTimeoutError`, its `cancel()` as a `LockAbortedError`.
 *
 * @example
 * ```ts
 * import { Mutex } from 'async-mutex';
 * import { ActionRegistry } from '@soni/core';
 * import { AsyncMutexLock } from '@soni/locking';
 *
 * const connectionMutex = new Mutex(); // already guarding the connection elsewhere
 * const registry = new ActionRegistry({ lock: new AsyncMutexLock(connectionMutex) });
 * ```
 */
export class AsyncMutexLock implements LockStrategy {
  /** Always `'async-mutex'`. */
  readonly kind = 'async-mutex' as const;
  readonly #instance: AsyncMutexLike | AsyncSemaphoreLike;
  /** The semaphore, when the instance is one. */
  readonly #semaphore: AsyncSemaphoreLike | undefined;
  /** The permits an exclusive hold takes: 1 for a mutex, all of them for a semaphore. */
  readonly #capacity: number;

  /**
   * @param instance - an async-mutex `Mutex` or `Semaphore`, plain or from `withTimeout`.
   * @throws {InvalidArgumentError} when it is not one, or a semaphore has no permit.
   */
  constructor(instance: AsyncMutexLike | AsyncSemaphoreLike) {
    if (!isAsyncMutexLike(instance)) {
      throw new InvalidArgumentError(`new AsyncMutexLock(): expected an async-mutex Mutex or Semaphore, got ${describeValue(instance)}`);
    }
    const permits = permitsOf(instance);
    if (permits !== undefined && (!Number.isInteger(permits) || permits < 1)) {
      throw new InvalidArgumentError(`new AsyncMutexLock(): a semaphore needs at least one free permit, got ${describeValue(permits)}`);
    }
    this.#instance = instance;
    this.#semaphore = permits === undefined ? undefined : (instance as AsyncSemaphoreLike);
    this.#capacity = permits ?? 1;
  }

  /** Runs `fn` holding the instance alone (all permits of a semaphore) and resolves to its result. */
  runExclusive<T>(fn: LockedFunction<T>, options?: LockOptions): Promise<T> {
    return this.#run(fn, options, 'exclusive');
  }

  /** Runs `fn` holding one permit of a semaphore (the whole instance for a mutex). */
  runShared<T>(fn: LockedFunction<T>, options?: LockOptions): Promise<T> {
    return this.#run(fn, options, this.#semaphore === undefined ? 'exclusive' : 'shared');
  }

  async #run<T>(fn: LockedFunction<T>, options: LockOptions | undefined, mode: LockMode): Promise<T> {
    const where = `AsyncMutexLock.${mode === 'exclusive' ? 'runExclusive' : 'runShared'}()`;
    assertFunction(fn, where, 'the function to run under the lock');
    const checked = readLockOptions(options, where);
    const signal = checked?.signal;
    if (signal?.aborted === true) throw new LockAbortedError(this.kind, mode, signal.reason);
    const weight = mode === 'exclusive' ? this.#capacity : 1;
    if (checked?.timeoutMs === 0 && !this.#isFree(weight)) throw new LockTimeoutError(this.kind, mode, 0);
    const release = await this.#acquire(weight, mode, checked?.timeoutMs, signal);
    try {
      return await fn(IN_PROCESS_HOLD);
    } finally {
      release();
    }
  }

  #isFree(weight: number): boolean {
    return this.#semaphore === undefined ? !this.#instance.isLocked() : this.#semaphore.getValue() >= weight;
  }

  /** Waits for the permits, giving up on `timeoutMs` or `signal`; a late grant is released at once. */
  #acquire(weight: number, mode: LockMode, timeoutMs: number | undefined, signal: AbortSignal | undefined): Promise<() => void> {
    const semaphore = this.#semaphore;
    const acquiring: Promise<() => void> =
      semaphore === undefined ? (this.#instance as AsyncMutexLike).acquire() : semaphore.acquire(weight).then(([, release]) => release);
    if (timeoutMs === undefined && signal === undefined) return acquiring.catch((error: unknown) => Promise.reject(this.#wrap(error, mode)));
    return new Promise<() => void>((resolve, reject) => {
      let settled = false;
      let cancelTimer: CancelTimer | undefined;
      let unsubscribe: Unsubscribe | undefined;
      const finish = (): void => {
        // Stryker disable next-line BooleanLiteral: defensive: `finish` also cancels the timer and the abort callback (the only callers of `giveUp`), and resolving a settled promise does nothing
        settled = true;
        cancelTimer?.();
        unsubscribe?.();
      };
      const giveUp = (error: Error): void => {
        if (settled) return;
        finish();
        reject(error);
        // async-mutex cannot drop the waiter: when its turn comes, hand the permits straight back.
        acquiring.then((release) => { release(); }, () => undefined);
      };
      if (timeoutMs !== undefined) {
        cancelTimer = startTimer(() => {
          giveUp(new LockTimeoutError(this.kind, mode, timeoutMs));
        }, timeoutMs);
      }
      if (signal !== undefined) {
        unsubscribe = onAbort(signal, () => {
          giveUp(new LockAbortedError(this.kind, mode, signal.reason));
        });
      }
      acquiring.then(
        (release) => {
          if (settled) return;
          finish();
          resolve(release);
        },
        (error: unknown) => {
          if (settled) return;
          finish();
          reject(this.#wrap(error, mode));
        },
      );
    });
  }

  /** An async-mutex rejection (its `withTimeout` timeout, or `cancel()`) as a lock error. */
  #wrap(error: unknown, mode: LockMode): Error {
    // Stryker disable next-line StringLiteral: any text without "cancel" gives the same answer for a non-Error
    const message = error instanceof Error ? error.message : '';
    if (/cancel/i.test(message)) return new LockAbortedError(this.kind, mode, error);
    return new LockTimeoutError(this.kind, mode, undefined, { cause: error });
  }
}
