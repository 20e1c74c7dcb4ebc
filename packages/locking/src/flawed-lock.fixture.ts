/**
 * Deliberately broken locks for the tests: each concurrency scenario is shown to pass on the
 * real locks and to fail on one of these, so a scenario that cannot fail is caught.
 */
import type { LockOptions, LockSnapshot, LockStrategy } from '@soni/core';
import { LockAbortedError, LockTimeoutError } from './errors';

/** What is wrong with a {@link FlawedLock}. */
export interface Flaws {
  /** No coordination at all: every call runs at once. */
  unlocked?: boolean;
  /** Waiters are served last-in first-out. */
  lifo?: boolean;
  /** Readers join whenever no writer holds the lock, even past a waiting writer. */
  readerPreferring?: boolean;
  /** A waiter that times out or aborts rejects but stays queued until its turn comes. */
  leakyTimeouts?: boolean;
  /** The lock is not released when the function throws. */
  stuckOnError?: boolean;
  /** Shared requests are treated as exclusive (readers never share). */
  sharedIsExclusive?: boolean;
}

interface Entry {
  readonly exclusive: boolean;
  readonly grant: () => void;
  abandoned: boolean;
}

/** A small read-write lock with the chosen {@link Flaws}. */
export class FlawedLock implements LockStrategy {
  readonly kind: string;
  readonly #flaws: Flaws;
  #readers = 0;
  #writer = false;
  readonly #queue: Entry[] = [];

  constructor(kind: string, flaws: Flaws) {
    this.kind = kind;
    this.#flaws = flaws;
  }

  runExclusive<T>(fn: () => T | PromiseLike<T>, options?: LockOptions): Promise<T> {
    return this.#run(fn, true, options);
  }

  runShared<T>(fn: () => T | PromiseLike<T>, options?: LockOptions): Promise<T> {
    return this.#run(fn, this.#flaws.sharedIsExclusive === true, options);
  }

  query(): LockSnapshot {
    const waiting = { shared: 0, exclusive: 0 };
    for (const entry of this.#queue) {
      if (entry.exclusive) waiting.exclusive++;
      else waiting.shared++;
    }
    const mode = this.#writer ? 'exclusive' : this.#readers > 0 ? 'shared' : 'idle';
    return { kind: this.kind, mode, holders: this.#writer ? 1 : this.#readers, waiting, detection: { enabled: false, source: 'option' } };
  }

  async #run<T>(fn: () => T | PromiseLike<T>, exclusive: boolean, options: LockOptions | undefined): Promise<T> {
    if (this.#flaws.unlocked === true) return fn();
    const mode = exclusive ? 'exclusive' : 'shared';
    if (options?.signal?.aborted === true) throw new LockAbortedError(this.kind, mode, options.signal.reason);
    if (this.#canGrant(exclusive)) this.#take(exclusive);
    else await this.#enqueue(exclusive, options);
    let settled = false;
    try {
      const result = await fn();
      settled = true;
      return result;
    } finally {
      if (settled || this.#flaws.stuckOnError !== true) this.#release(exclusive);
    }
  }

  #canGrant(exclusive: boolean): boolean {
    if (this.#writer) return false;
    if (exclusive) return this.#readers === 0 && this.#queue.length === 0;
    return this.#flaws.readerPreferring === true || this.#queue.length === 0;
  }

  #take(exclusive: boolean): void {
    if (exclusive) this.#writer = true;
    else this.#readers++;
  }

  #release(exclusive: boolean): void {
    if (exclusive) this.#writer = false;
    else this.#readers--;
    this.#dispatch();
  }

  #enqueue(exclusive: boolean, options: LockOptions | undefined): Promise<void> {
    const mode = exclusive ? 'exclusive' : 'shared';
    return new Promise<void>((resolve, reject) => {
      const entry: Entry = { exclusive, grant: resolve, abandoned: false };
      this.#queue.push(entry);
      const giveUp = (error: Error): void => {
        if (!this.#queue.includes(entry)) return;
        if (this.#flaws.leakyTimeouts === true) entry.abandoned = true;
        else {
          this.#queue.splice(this.#queue.indexOf(entry), 1);
          this.#dispatch();
        }
        reject(error);
      };
      const { timeoutMs, signal } = options ?? {};
      if (timeoutMs !== undefined) {
        setTimeout(() => {
          giveUp(new LockTimeoutError(this.kind, mode, timeoutMs));
        }, timeoutMs);
      }
      signal?.addEventListener('abort', () => {
        giveUp(new LockAbortedError(this.kind, mode, signal.reason));
      });
    });
  }

  #dispatch(): void {
    for (;;) {
      const index = this.#flaws.lifo === true ? this.#queue.length - 1 : 0;
      const next = this.#queue[index];
      if (next === undefined || this.#writer || (next.exclusive && this.#readers > 0)) return;
      this.#queue.splice(index, 1);
      if (next.abandoned) continue;
      this.#take(next.exclusive);
      next.grant();
      if (next.exclusive) return;
    }
  }
}

/** A promise with its resolve function, to hold a lock until the test says so. */
export interface Gate {
  readonly promise: Promise<void>;
  open(): void;
}

/** Creates a closed {@link Gate}. */
export function gate(): Gate {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

// Captured before any test installs fake timers, so settling never depends on them.
const realSetImmediate = globalThis.setImmediate;

/** Lets every pending promise reaction run (a macrotask turn). */
export async function settle(turns = 2): Promise<void> {
  for (let i = 0; i < turns; i++) {
    await new Promise<void>((resolve) => {
      realSetImmediate(resolve);
    });
  }
}
