/*
 * Locks written for this package's own tests: a correct reference lock (configurable into a
 * mutex or a read-write lock) and deliberately broken variants. @soni/testing must not
 * depend on @soni/locking (that package tests itself with this one), hence these.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { LockOptions, LockStrategy } from '@soni/core';

class LockError extends Error {
  constructor(readonly code: 'LOCK_TIMEOUT' | 'LOCK_ABORTED' | 'LOCK_REENTRANCY', message: string) {
    super(message);
    this.name = 'LockError';
  }
}

type Mode = 'shared' | 'exclusive';

interface Waiter {
  mode: Mode;
  grant: () => void;
}

/** How the reference lock behaves; the defaults make a correct FIFO mutex. */
export interface ReferenceLockOptions {
  /** Let shared holders overlap (read-write lock). */
  shared?: boolean;
  /** New shared requests wait behind a queued exclusive one. */
  writerPreference?: boolean;
  /** Broken variants: 'lifo' grants the newest waiter first. */
  order?: 'fifo' | 'lifo';
  /** Nested runExclusive: 'detect' rejects, 'allow' re-enters, 'deadlock' waits forever. */
  nested?: 'detect' | 'allow' | 'deadlock';
  /** Broken variant: keep the lock when fn throws. */
  leakOnError?: boolean;
  /** Broken variant: ignore timeoutMs. */
  ignoreTimeouts?: boolean;
  /** Broken variant: ignore signal. */
  ignoreAbort?: boolean;
  /**
   * Broken variants of a waiter giving up: 'frees-holder' also ends the current hold (as a
   * lock that confuses "the caller stopped waiting" with "the holder is done"); 'drops-ahead'
   * removes the waiters in front of it too.
   */
  giveUp?: 'correct' | 'frees-holder' | 'drops-ahead';
  /** Broken variant: `timeoutMs: 0` waits a millisecond instead of failing at once. */
  tryLockWaits?: boolean;
  /** Broken variant: a grant from the queue does not mark the lock held. */
  queuedGrantUnmarked?: boolean;
}

/** A small, correct lock (unless told to misbehave). */
export class ReferenceLock implements LockStrategy {
  readonly kind: string;
  private readers = 0;
  private writer = false;
  private readonly queue: Waiter[] = [];
  private readonly holding = new AsyncLocalStorage<boolean>();

  constructor(private readonly options: ReferenceLockOptions = {}) {
    this.kind = options.shared === true ? 'reference-rwlock' : 'reference-mutex';
  }

  runExclusive<T>(fn: () => T | PromiseLike<T>, options?: LockOptions): Promise<T> {
    return this.run('exclusive', fn, options);
  }

  runShared<T>(fn: () => T | PromiseLike<T>, options?: LockOptions): Promise<T> {
    return this.run(this.options.shared === true ? 'shared' : 'exclusive', fn, options);
  }

  private async run<T>(mode: Mode, fn: () => T | PromiseLike<T>, options?: LockOptions): Promise<T> {
    if (mode === 'exclusive' && this.holding.getStore() === true) {
      if (this.options.nested === 'allow') return fn();
      if (this.options.nested !== 'deadlock') throw new LockError('LOCK_REENTRANCY', `${this.kind}: nested runExclusive would deadlock`);
    }
    await this.acquire(mode, options);
    let failed = false;
    try {
      return await this.holding.run(true, fn);
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      if (!(failed && this.options.leakOnError === true)) this.release(mode);
    }
  }

  private canEnter(mode: Mode): boolean {
    if (mode === 'exclusive') return !this.writer && this.readers === 0;
    return !this.writer;
  }

  private take(mode: Mode): void {
    if (mode === 'exclusive') this.writer = true;
    else this.readers += 1;
  }

  private release(mode: Mode): void {
    if (mode === 'exclusive') this.writer = false;
    else this.readers -= 1;
    this.drain();
  }

  private drain(): void {
    for (;;) {
      const next = this.options.order === 'lifo' ? this.queue[this.queue.length - 1] : this.queue[0];
      if (next === undefined || !this.canEnter(next.mode)) return;
      if (this.options.order === 'lifo') this.queue.pop();
      else this.queue.shift();
      if (this.options.queuedGrantUnmarked !== true) this.take(next.mode);
      next.grant();
    }
  }

  private acquire(mode: Mode, options: LockOptions | undefined): Promise<void> {
    const signal = this.options.ignoreAbort === true ? undefined : options?.signal;
    let timeoutMs = this.options.ignoreTimeouts === true ? undefined : options?.timeoutMs;
    if (signal?.aborted === true) return Promise.reject(new LockError('LOCK_ABORTED', `${this.kind}: aborted`));
    if (timeoutMs === 0 && this.options.tryLockWaits === true) timeoutMs = 1;
    const queuedWriter = this.queue.some((w) => w.mode === 'exclusive');
    const mustQueue =
      mode === 'exclusive' ? this.queue.length > 0 : this.options.writerPreference === true ? queuedWriter : this.queue.length > 0 && !this.options.shared;
    if (!mustQueue && this.canEnter(mode)) {
      this.take(mode);
      return Promise.resolve();
    }
    if (timeoutMs === 0) return Promise.reject(new LockError('LOCK_TIMEOUT', `${this.kind}: busy (try-lock)`));
    return new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const cleanup = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const waiter: Waiter = {
        mode,
        grant: () => {
          cleanup();
          resolve();
        },
      };
      const giveUp = (error: LockError): void => {
        const at = this.queue.indexOf(waiter);
        if (at >= 0) {
          if (this.options.giveUp === 'drops-ahead') this.queue.splice(0, at + 1);
          else this.queue.splice(at, 1);
        }
        if (this.options.giveUp === 'frees-holder') {
          this.writer = false;
          this.readers = 0;
        }
        cleanup();
        reject(error);
        // A waiter that leaves may unblock the ones behind it.
        this.drain();
      };
      const onAbort = (): void => {
        giveUp(new LockError('LOCK_ABORTED', `${this.kind}: aborted`));
      };
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          giveUp(new LockError('LOCK_TIMEOUT', `${this.kind}: timed out after ${timeoutMs} ms`));
        }, timeoutMs);
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
    });
  }
}

/** A "lock" that coordinates nothing. */
export const noopLock = (): LockStrategy => ({
  kind: 'broken-noop',
  runExclusive: async (fn) => fn(),
  runShared: async (fn) => fn(),
});
