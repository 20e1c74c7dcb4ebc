import type { LockOptions, LockStrategy } from '@soni/core';
import { LockAbortedError, LockReentrancyError, LockTimeoutError } from './errors';
import type { LockMode } from './errors';
import { findHold, holdStorage } from './hold-context';
import type { Hold } from './hold-context';
import { lockChannels, now } from './lock-diagnostics';
import { checkRunArguments } from './lock-options';
import type { ResolvedLockOptions } from './lock-options';
import type { LockSnapshot } from './lock-snapshot';

/** A queued request: a node of the engine's doubly linked FIFO list. */
interface Waiter {
  readonly mode: LockMode;
  readonly requestedAt: number;
  resolve: () => void;
  reject: (error: unknown) => void;
  prev: Waiter | undefined;
  next: Waiter | undefined;
  queued: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
  grantedAt: number;
}

const noop = (): void => undefined;

/** The callbacks that release a hold when its function's promise settles. */
interface Settlers {
  readonly ok: (value: unknown) => unknown;
  readonly fail: (error: unknown) => never;
}

/** A rejected promise carrying whatever was thrown, unchanged. */
function rejectWith(reason: unknown): Promise<never> {
  // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- rethrows what the function threw, as is
  return Promise.reject(reason);
}

/** True when a subscriber needs wait or hold times, so the clock must be read. */
function clockNeeded(): boolean {
  return (
    lockChannels.grant.hasSubscribers ||
    lockChannels.release.hasSubscribers ||
    lockChannels.timeout.hasSubscribers ||
    lockChannels.abort.hasSubscribers
  );
}

/**
 * The queue and state machine behind `MutexLock` and `ReadWriteLock` (internal).
 *
 * - State: `#writer` (held exclusively) or `#readers` (how many shared holders).
 * - Waiters form one FIFO list. An exclusive request is granted at once only when the lock is
 *   free and nobody waits; a shared one only when no writer holds it and nobody waits, so a
 *   waiting writer blocks readers that arrive after it (writer preference without starving
 *   readers: they are served in arrival order). On release the head is granted, and when it
 *   is shared, every shared waiter up to the next exclusive one is granted with it.
 * - A waiter that times out or aborts is unlinked at once and the queue is re-dispatched, so
 *   nobody behind it waits for it.
 * - A mutex is this engine with every request made exclusive.
 * - Granted functions run in the requester's async context: the waiter's promise resolves and
 *   its own continuation calls the function, never the releasing holder.
 */
export class LockEngine {
  readonly #owner: LockStrategy;
  readonly #kind: string;
  readonly #mutex: boolean;
  readonly #options: ResolvedLockOptions;
  readonly #track: boolean;
  readonly #root: LockEngine;
  #readers = 0;
  #writer = false;
  #head: Waiter | undefined = undefined;
  #tail: Waiter | undefined = undefined;
  #waitingShared = 0;
  #waitingExclusive = 0;
  /** Called once when this engine next becomes idle (used by re-entrant child queues). */
  #onIdle: (() => void) | undefined = undefined;

  constructor(owner: LockStrategy, kind: string, mutex: boolean, options: ResolvedLockOptions, root?: LockEngine) {
    this.#owner = owner;
    this.#kind = kind;
    this.#mutex = mutex;
    this.#options = options;
    this.#track = options.detectReentrancy;
    this.#root = root ?? this;
  }

  /** Runs `fn` holding the lock in `mode`; the implementation of `runExclusive`/`runShared`. */
  run<T>(fn: () => T | PromiseLike<T>, mode: LockMode, options: LockOptions | undefined): Promise<T> {
    if (options !== undefined || typeof fn !== 'function') {
      const error = checkRunArguments(fn, options);
      if (error !== undefined) return Promise.reject(error);
      const signal = options?.signal;
      if (signal?.aborted === true) return Promise.reject(this.#abortError(mode, signal.reason, NaN));
    }
    if (this.#mutex) mode = 'exclusive';
    if (lockChannels.request.hasSubscribers) {
      lockChannels.request.publish({ lock: this.#owner, kind: this.#kind, mode });
    }
    if (!this.#track) return this.#acquire(fn, mode, options, undefined);
    const context = holdStorage.getStore();
    // Only a busy lock can be held by the caller's context: skip the walk when it is free.
    if (context !== undefined && (this.#writer || this.#readers > 0)) {
      const held = findHold(context, this);
      if (held !== undefined) return this.#reenter(held, fn, mode, options, context);
    }
    return this.#acquire(fn, mode, options, context);
  }

  /** The state as a {@link LockSnapshot}. */
  snapshot(): LockSnapshot {
    return {
      kind: this.#kind,
      mode: this.#writer ? 'exclusive' : this.#readers > 0 ? 'shared' : 'idle',
      holders: this.#writer ? 1 : this.#readers,
      waiting: { shared: this.#waitingShared, exclusive: this.#waitingExclusive },
    };
  }

  #acquire<T>(
    fn: () => T | PromiseLike<T>,
    mode: LockMode,
    options: LockOptions | undefined,
    parent: Hold | undefined,
  ): Promise<T> {
    const exclusive = mode === 'exclusive';
    if (this.#head === undefined && !this.#writer && (!exclusive || this.#readers === 0)) {
      if (exclusive) this.#writer = true;
      else this.#readers++;
      return this.#hold(fn, mode, this.#track ? this.#newHold(mode, parent) : undefined, this.#grantedNow(mode, NaN));
    }
    return this.#wait(fn, mode, options, parent);
  }

  #newHold(mode: LockMode, parent: Hold | undefined): Hold {
    return { root: this.#root, engine: this, mode, parent, active: false, children: undefined };
  }

  /** Publishes a grant if anyone listens; returns the grant time for the release event. */
  #grantedNow(mode: LockMode, requestedAt: number): number {
    if (!clockNeeded()) return NaN;
    const grantedAt = now();
    if (lockChannels.grant.hasSubscribers) {
      const waitMs = Number.isNaN(requestedAt) ? 0 : grantedAt - requestedAt;
      lockChannels.grant.publish({ lock: this.#owner, kind: this.#kind, mode, waitMs });
    }
    return grantedAt;
  }

  /**
   * Runs a granted function (inside its hold's async context when tracked) and releases when
   * it settles. Not an `async` function: the release rides on one `then` of the function's
   * own promise, which keeps an uncontended acquisition close to a bare `await fn()`
   * (measured on the built package: an `async` wrapper costs about 0.5 of a raw await more).
   */
  #hold<T>(fn: () => T | PromiseLike<T>, mode: LockMode, hold: Hold | undefined, grantedAt: number): Promise<T> {
    const settle = this.#settlersFor(mode, hold, grantedAt);
    let result: T | PromiseLike<T>;
    try {
      if (hold === undefined) {
        result = fn();
      } else {
        hold.active = true;
        result = holdStorage.run(hold, fn);
      }
    } catch (error) {
      try {
        settle.fail(error);
      } catch {
        // `fail` released the lock and rethrew `error`, which is rejected below.
      }
      return rejectWith(error);
    }
    return Promise.resolve(result).then(settle.ok as (value: T) => T, settle.fail);
  }

  /**
   * The release callbacks of a grant, made once per engine wherever the grant can be found
   * without a closure: untracked grants without diagnostics, and one tracked grant at a time
   * kept in a slot (always the exclusive one, since an exclusive grant is alone; the first of
   * overlapping shared ones). Further overlapping shared grants get their own pair.
   */
  #settlersFor(mode: LockMode, hold: Hold | undefined, grantedAt: number): Settlers {
    if (hold === undefined) {
      if (!Number.isNaN(grantedAt)) return this.#settlers(mode, undefined, grantedAt);
      return mode === 'exclusive' ? this.#settleExclusive : this.#settleShared;
    }
    if (this.#slotHold !== undefined) return this.#settlers(mode, hold, grantedAt);
    this.#slotHold = hold;
    this.#slotMode = mode;
    this.#slotGrantedAt = grantedAt;
    return this.#settleSlot;
  }

  /** Release callbacks for the common case (no hold record, no diagnostics), made once. */
  readonly #settleExclusive = this.#settlers('exclusive', undefined, NaN);
  readonly #settleShared = this.#settlers('shared', undefined, NaN);

  /** The tracked grant kept in the slot, and its release callbacks. */
  #slotHold: Hold | undefined = undefined;
  #slotMode: LockMode = 'exclusive';
  #slotGrantedAt = NaN;
  readonly #settleSlot: Settlers = {
    ok: (value: unknown) => {
      this.#releaseSlot();
      return value;
    },
    fail: (error: unknown) => {
      this.#releaseSlot();
      throw error;
    },
  };

  #releaseSlot(): void {
    const hold = this.#slotHold;
    this.#slotHold = undefined;
    this.#release(this.#slotMode, hold, this.#slotGrantedAt);
  }

  #settlers(mode: LockMode, hold: Hold | undefined, grantedAt: number): Settlers {
    return {
      ok: (value: unknown) => {
        this.#release(mode, hold, grantedAt);
        return value;
      },
      fail: (error: unknown) => {
        this.#release(mode, hold, grantedAt);
        throw error;
      },
    };
  }

  async #wait<T>(
    fn: () => T | PromiseLike<T>,
    mode: LockMode,
    options: LockOptions | undefined,
    parent: Hold | undefined,
  ): Promise<T> {
    const timeoutMs = options?.timeoutMs ?? this.#options.timeoutMs;
    const signal = options?.signal;
    const requestedAt = clockNeeded() ? now() : NaN;
    if (timeoutMs === 0) throw this.#timeoutError(mode, 0, requestedAt);
    const waiter: Waiter = {
      mode,
      requestedAt,
      resolve: noop,
      reject: noop,
      prev: undefined,
      next: undefined,
      queued: false,
      timer: undefined,
      signal,
      onAbort: undefined,
      grantedAt: NaN,
    };
    await new Promise<void>((resolve, reject) => {
      waiter.resolve = resolve;
      waiter.reject = reject;
      this.#enqueue(waiter);
      if (timeoutMs !== undefined) {
        waiter.timer = setTimeout(() => {
          this.#giveUp(waiter, this.#timeoutError(mode, timeoutMs, requestedAt));
        }, timeoutMs);
      }
      if (signal !== undefined) {
        waiter.onAbort = () => {
          this.#giveUp(waiter, this.#abortError(mode, signal.reason, requestedAt));
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
    });
    return this.#hold(fn, mode, this.#track ? this.#newHold(mode, parent) : undefined, waiter.grantedAt);
  }

  /** A request from a context that already holds this lock (found as `held`). */
  #reenter<T>(
    held: Hold,
    fn: () => T | PromiseLike<T>,
    mode: LockMode,
    options: LockOptions | undefined,
    context: Hold,
  ): Promise<T> {
    const engine = held.engine as LockEngine;
    if (held.mode === 'shared') {
      if (mode === 'exclusive') {
        return Promise.reject(new LockReentrancyError(this.#kind, 'shared', mode, this.#options.reentrant));
      }
      // Shared inside shared: the context already keeps writers out, so queueing (behind a
      // waiting writer, which waits for this very holder) could only deadlock. Join at once.
      engine.#readers++;
      return engine.#hold(fn, mode, engine.#newHold(mode, context), engine.#grantedNow(mode, NaN));
    }
    if (!this.#options.reentrant) {
      return Promise.reject(new LockReentrancyError(this.#kind, 'exclusive', mode, false));
    }
    // Re-entry: the holder's nested calls queue on a child lock of this hold, so sequential
    // nested calls pass straight through and concurrent ones are serialised among themselves.
    held.children ??= new LockEngine(this.#owner, this.#kind, this.#mutex, this.#options, this.#root);
    return (held.children as LockEngine).#acquire(fn, mode, options, context);
  }

  #release(mode: LockMode, hold: Hold | undefined, grantedAt: number): void {
    const children = hold?.children as LockEngine | undefined;
    if (children !== undefined && (children.#writer || children.#readers > 0 || children.#head !== undefined)) {
      // Re-entrant children still run or wait: keep the lock until they are done.
      children.#onIdle = () => {
        this.#releaseNow(mode, hold, grantedAt);
      };
      return;
    }
    this.#releaseNow(mode, hold, grantedAt);
  }

  #releaseNow(mode: LockMode, hold: Hold | undefined, grantedAt: number): void {
    if (hold !== undefined) hold.active = false;
    if (mode === 'exclusive') this.#writer = false;
    else this.#readers--;
    if (lockChannels.release.hasSubscribers) {
      const holdMs = now() - grantedAt;
      lockChannels.release.publish({ lock: this.#owner, kind: this.#kind, mode, holdMs });
    }
    this.#dispatch();
  }

  /** Grants the head of the queue (and the shared waiters right behind a shared head). */
  #dispatch(): void {
    for (let waiter = this.#head; waiter !== undefined; waiter = this.#head) {
      if (this.#writer) return;
      if (waiter.mode === 'exclusive') {
        if (this.#readers > 0) return;
        this.#writer = true;
        this.#grant(waiter);
        return;
      }
      this.#readers++;
      this.#grant(waiter);
    }
    if (this.#onIdle !== undefined && !this.#writer && this.#readers === 0) {
      const onIdle = this.#onIdle;
      this.#onIdle = undefined;
      onIdle();
    }
  }

  #grant(waiter: Waiter): void {
    this.#unlink(waiter);
    waiter.grantedAt = this.#grantedNow(waiter.mode, waiter.requestedAt);
    waiter.resolve();
  }

  /** A waiter leaves the queue (timeout or abort): its function never runs. */
  #giveUp(waiter: Waiter, error: LockTimeoutError | LockAbortedError): void {
    if (!waiter.queued) return;
    this.#unlink(waiter);
    waiter.reject(error);
    // It may have been the head that blocked others (a writer in front of readers).
    this.#dispatch();
  }

  #enqueue(waiter: Waiter): void {
    waiter.queued = true;
    waiter.prev = this.#tail;
    if (this.#tail === undefined) this.#head = waiter;
    else this.#tail.next = waiter;
    this.#tail = waiter;
    if (waiter.mode === 'exclusive') this.#waitingExclusive++;
    else this.#waitingShared++;
  }

  #unlink(waiter: Waiter): void {
    waiter.queued = false;
    if (waiter.prev === undefined) this.#head = waiter.next;
    else waiter.prev.next = waiter.next;
    if (waiter.next === undefined) this.#tail = waiter.prev;
    else waiter.next.prev = waiter.prev;
    waiter.prev = undefined;
    waiter.next = undefined;
    if (waiter.mode === 'exclusive') this.#waitingExclusive--;
    else this.#waitingShared--;
    if (waiter.timer !== undefined) clearTimeout(waiter.timer);
    if (waiter.onAbort !== undefined) waiter.signal?.removeEventListener('abort', waiter.onAbort);
  }

  #timeoutError(mode: LockMode, timeoutMs: number, requestedAt: number): LockTimeoutError {
    if (lockChannels.timeout.hasSubscribers) {
      const waitMs = Number.isNaN(requestedAt) ? 0 : now() - requestedAt;
      lockChannels.timeout.publish({ lock: this.#owner, kind: this.#kind, mode, waitMs, timeoutMs });
    }
    return new LockTimeoutError(this.#kind, mode, timeoutMs);
  }

  #abortError(mode: LockMode, reason: unknown, requestedAt: number): LockAbortedError {
    if (lockChannels.abort.hasSubscribers) {
      const waitMs = Number.isNaN(requestedAt) ? 0 : now() - requestedAt;
      lockChannels.abort.publish({ lock: this.#owner, kind: this.#kind, mode, waitMs, reason });
    }
    return new LockAbortedError(this.#kind, mode, reason);
  }
}
