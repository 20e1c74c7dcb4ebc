import { onAbort } from './abort-subscriptions';
import { runGranted, settlers, type Settlers } from './granted-run';
import { abortError, clockNeeded, grantObserved, lockChannels, now, publishGrant, publishRelease, timeoutError, type EventSource } from './lock-diagnostics';
import { LockReentrancyError, type LockAbortedError, type LockMode, type LockTimeoutError } from './lock-errors';
import { lockHolds, type HeldLock } from './lock-holds';
import type { ResolvedLockOptions } from './lock-options';
import type { LockSnapshot } from './lock-snapshot';
import type { LockedFunction, LockOptions, LockStrategy } from './lock-strategy';
import { assertFunction, readLockOptions } from './option-checks';
import { rejectWith } from './reject-with';
import type { SyncSharedGrant } from './sync-grant';
import { startTimer } from './timers';
import { Waiter, WaiterQueue } from './waiter-queue';

/** A tracked grant: a {@link HeldLock} plus the engine that granted it and its re-entrant queue. */
interface Hold extends HeldLock {
  readonly engine: LockEngine;
  /** The queue that serialises re-entrant children of this hold, created on first use. */
  children: LockEngine | undefined;
}

/**
 * The in-process lock engine: the queue and state machine behind `MutexLock` and
 * `ReadWriteLock` of `@soni/locking`, and the in-process front of the Redis locks of
 * `@soni/locking-redis` (FIFO, timeouts, aborts and self-deadlock detection within one
 * process). It lives in core so that both build on one engine. A custom strategy can wrap it
 * too: construct it with the public lock object as `owner`, call `run` from `runExclusive` /
 * `runShared`, and `snapshot` from `query`.
 *
 * Guarantees:
 *
 * - State: `#writer` (held exclusively) or `#readers` (how many shared holders).
 * - Waiters form one FIFO (a doubly linked list). An exclusive request is granted at once only
 *   when the lock is free and nobody waits; a shared one only when no writer holds it and
 *   nobody waits, so a waiting writer blocks readers that arrive after it (writer preference
 *   without starving readers: they are served in arrival order). On release the head is
 *   granted, and when it is shared, every shared waiter up to the next exclusive one with it.
 * - A waiter that times out or aborts leaves the queue at once, from wherever it is, and the
 *   queue is re-dispatched, so nobody behind it waits for it. Its timer and its abort
 *   subscription go with it. Signals carry one listener however many waiters share them.
 * - A mutex is this engine with every request made exclusive.
 * - Granted functions run in the requester's async context: the waiter's promise resolves and
 *   its own continuation calls the function, never the releasing holder.
 * - A hold lasts until the function's promise settles, whatever happened to whoever awaited it.
 */
export class LockEngine {
  readonly #owner: LockStrategy;
  readonly #kind: string;
  /** What events and errors name: the public lock and its kind. */
  readonly #source: EventSource;
  readonly #mutex: boolean;
  readonly #options: ResolvedLockOptions;
  readonly #track: boolean;
  readonly #root: object;
  readonly #queue = new WaiterQueue();
  #readers = 0;
  #writer = false;
  /** Shared requests that joined nested holds while a writer waited (starvation report). */
  #nestedJoins = 0;
  /** The writer already reported as starved, so it is reported once. */
  #reportedWriter: Waiter | undefined = undefined;
  /** Called once when this engine next becomes idle (used by re-entrant child queues). */
  #onIdle: (() => void) | undefined = undefined;

  /**
   * @param owner - the public lock (what `lockHolds` records and events report)
   * @param kind - its `kind`, used in messages and events
   * @param mutex - serialise every request (a mutex: `runShared` is `runExclusive`)
   * @param options - from {@link resolveLockOptions}
   * @param root - internal: the lock a re-entrant child queue belongs to
   */
  constructor(owner: LockStrategy, kind: string, mutex: boolean, options: ResolvedLockOptions, root?: object) {
    this.#owner = owner;
    this.#kind = kind;
    this.#source = { lock: owner, kind };
    this.#mutex = mutex;
    this.#options = options;
    this.#track = options.detectReentrancy;
    this.#root = root ?? owner;
  }

  /** Runs `fn` holding the lock in `mode`; the implementation of `runExclusive`/`runShared`. */
  run<T>(fn: LockedFunction<T>, mode: LockMode, options: LockOptions | undefined): Promise<T> {
    // The uncontended path without options, tracking or subscribers: grant and run at once.
    // Stryker disable BlockStatement: the fast path's blocks only save time: a request that skips one takes the general path below, which grants the same free lock in the same way
    if (options === undefined && !this.#track && this.#queue.head === undefined && !this.#writer && typeof fn === 'function' && !grantObserved()) {
      if (this.#mutex || mode === 'exclusive') {
        if (this.#readers === 0) {
          this.#writer = true;
          return runGranted(fn, this.#settleExclusive, undefined);
        }
      } else {
        this.#readers++;
        return runGranted(fn, this.#settleShared, undefined);
      }
    }
    // Stryker restore BlockStatement
    let timeoutMs = this.#options.timeoutMs;
    let signal: AbortSignal | undefined;
    if (options !== undefined || typeof fn !== 'function') {
      const where = mode === 'exclusive' ? `${this.#kind}.runExclusive()` : `${this.#kind}.runShared()`;
      let checked: LockOptions | undefined;
      try {
        assertFunction(fn, where, 'the function to run under the lock');
        checked = readLockOptions(options, where);
      } catch (error) {
        return rejectWith(error);
      }
      signal = checked?.signal;
      if (checked?.timeoutMs !== undefined) timeoutMs = checked.timeoutMs;
      if (signal?.aborted === true) return rejectWith(abortError(this.#source, mode, signal.reason, Number.NaN));
    }
    if (this.#mutex) mode = 'exclusive';
    if (lockChannels.request.hasSubscribers) {
      lockChannels.request.publish({ lock: this.#owner, kind: this.#kind, mode });
    }
    if (!this.#track) return this.#acquire(fn, mode, timeoutMs, signal, undefined);
    const context = lockHolds.current() as Hold | undefined;
    // Only a busy lock can be held by the caller's context: skip the walk when it is free.
    if (context !== undefined && (this.#writer || this.#readers > 0)) {
      const held = lockHolds.find(context, this.#root) as Hold | undefined;
      if (held !== undefined) return this.#reenter(held, fn, mode, timeoutMs, signal, context);
    }
    return this.#acquire(fn, mode, timeoutMs, signal, context);
  }

  /**
   * The synchronous-grant protocol for the registry's fast path: a shared hold (exclusive on
   * a mutex) taken at once when the lock is free, nobody waits, holders are not tracked and
   * nobody subscribes to diagnostics; released by `releaseShared`.
   */
  readonly syncGrant: SyncSharedGrant = {
    trySharedNow: (): boolean => {
      if (this.#track || this.#writer || this.#queue.head !== undefined || grantObserved()) return false;
      if (this.#mutex) {
        // Stryker disable next-line ConditionalExpression,BooleanLiteral: defensive: a mutex grants every hold as its writer, so with no writer it has no readers
        if (this.#readers > 0) return false;
        this.#writer = true;
      } else {
        this.#readers++;
      }
      return true;
    },
    releaseShared: (): void => {
      this.#releaseNow(this.#mutex ? 'exclusive' : 'shared', undefined, Number.NaN);
    },
  };

  /** The state as a {@link LockSnapshot}. */
  snapshot(): LockSnapshot {
    return {
      kind: this.#kind,
      mode: this.#writer ? 'exclusive' : this.#readers > 0 ? 'shared' : 'idle',
      holders: this.#writer ? 1 : this.#readers,
      waiting: { shared: this.#queue.shared, exclusive: this.#queue.exclusive },
      detection: { enabled: this.#track, source: this.#options.detectionSource },
    };
  }

  #acquire<T>(
    fn: LockedFunction<T>,
    mode: LockMode,
    timeoutMs: number | undefined,
    signal: AbortSignal | undefined,
    parent: Hold | undefined,
  ): Promise<T> {
    const exclusive = mode === 'exclusive';
    if (this.#queue.head === undefined && !this.#writer && (!exclusive || this.#readers === 0)) {
      if (exclusive) this.#writer = true;
      else this.#readers++;
      return this.#hold(fn, mode, this.#track ? this.#newHold(mode, parent) : undefined, publishGrant(this.#source, mode, Number.NaN));
    }
    return this.#wait(fn, mode, timeoutMs, signal, parent);
  }

  #newHold(mode: LockMode, parent: Hold | undefined): Hold {
    // Stryker disable next-line BooleanLiteral: `runGranted` marks the hold active before anything can read it
    return { lock: this.#root, engine: this, mode, parent, active: false, children: undefined };
  }

  /** Release callbacks made once per engine for the common case (no hold record, no clock). */
  readonly #settleExclusive = settlers(() => {
    this.#release('exclusive', undefined, Number.NaN);
  });
  readonly #settleShared = settlers(() => {
    this.#release('shared', undefined, Number.NaN);
  });

  /** Runs a granted function and releases its hold when it settles. */
  #hold<T>(fn: LockedFunction<T>, mode: LockMode, hold: Hold | undefined, grantedAt: number): Promise<T> {
    const settle: Settlers =
      hold === undefined && Number.isNaN(grantedAt)
        ? mode === 'exclusive'
          ? this.#settleExclusive
          : this.#settleShared
        : settlers(() => {
            this.#release(mode, hold, grantedAt);
          });
    return runGranted(fn, settle, hold);
  }

  /**
   * Queues a request. Not an `async` function: the caller's promise is the grant promise's
   * continuation, so a contended acquisition costs one promise more than a bare promise
   * chain (`tail = tail.then(fn)`) plus the release, and still resumes in its own context.
   */
  #wait<T>(
    fn: LockedFunction<T>,
    mode: LockMode,
    timeoutMs: number | undefined,
    signal: AbortSignal | undefined,
    parent: Hold | undefined,
  ): Promise<T> {
    const measured =
      clockNeeded() ||
      // Stryker disable next-line LogicalOperator: an extra clock read only costs time: `requestedAt` feeds events whose subscribers make clockNeeded() true, and the starvation report, which reads the exclusive waiters of a tracked lock only
      (this.#track && mode === 'exclusive' && lockChannels.starvation.hasSubscribers);
    const requestedAt = measured ? now() : Number.NaN;
    if (timeoutMs === 0) return rejectWith(timeoutError(this.#source, mode, 0, requestedAt));
    const waiter = new Waiter(mode, requestedAt);
    const granted = new Promise<void>((resolve, reject) => {
      waiter.grant = resolve;
      waiter.refuse = reject;
    });
    this.#queue.push(waiter);
    if (timeoutMs !== undefined) {
      waiter.cancelTimer = startTimer(() => {
        this.#giveUp(waiter, timeoutError(this.#source, mode, timeoutMs, requestedAt));
      }, timeoutMs);
    }
    if (signal !== undefined) {
      waiter.unsubscribe = onAbort(signal, () => {
        this.#giveUp(waiter, abortError(this.#source, mode, signal.reason, requestedAt));
      });
    }
    return granted.then(() => this.#hold(fn, mode, this.#track ? this.#newHold(mode, parent) : undefined, waiter.grantedAt));
  }

  /** A request from a context that already holds this lock (found as `held`). */
  #reenter<T>(
    held: Hold,
    fn: LockedFunction<T>,
    mode: LockMode,
    timeoutMs: number | undefined,
    signal: AbortSignal | undefined,
    context: Hold,
  ): Promise<T> {
    const engine = held.engine;
    if (held.mode === 'shared') {
      if (mode === 'exclusive') {
        return rejectWith(new LockReentrancyError(this.#kind, 'shared', mode, this.#options.reentrant));
      }
      // Shared inside shared: the context already keeps writers out, so queueing (behind a
      // waiting writer, which waits for this very holder) could only deadlock. Join at once.
      engine.#readers++;
      engine.#noteNestedJoin();
      return engine.#hold(fn, mode, engine.#newHold(mode, context), publishGrant(engine.#source, mode, Number.NaN));
    }
    if (!this.#options.reentrant) {
      return rejectWith(new LockReentrancyError(this.#kind, 'exclusive', mode, false));
    }
    // Re-entry: the holder's nested calls queue on a child lock of this hold, so sequential
    // nested calls pass straight through and concurrent ones are serialised among themselves.
    held.children ??= new LockEngine(this.#owner, this.#kind, this.#mutex, this.#options, this.#root);
    return held.children.#acquire(fn, mode, timeoutMs, signal, context);
  }

  /**
   * A nested shared request joined while writers may wait: no lock can tell an awaited nested
   * call (which must join, or it deadlocks) from a detached one, so it joins; but a writer
   * kept waiting past `starvationWarningMs` by such joins is reported once.
   */
  #noteNestedJoin(): void {
    if (this.#queue.exclusive === 0) return;
    this.#nestedJoins++;
    const writer = this.#queue.firstExclusive();
    if (writer === undefined || writer === this.#reportedWriter || Number.isNaN(writer.requestedAt)) return;
    const waitMs = now() - writer.requestedAt;
    if (waitMs < this.#options.starvationWarningMs) return;
    this.#reportedWriter = writer;
    // Stryker disable next-line ConditionalExpression: publishing to a channel without subscribers does nothing
    if (lockChannels.starvation.hasSubscribers) {
      lockChannels.starvation.publish({ lock: this.#owner, kind: this.#kind, mode: 'exclusive', waitMs, nestedJoins: this.#nestedJoins });
    }
  }

  #release(mode: LockMode, hold: Hold | undefined, grantedAt: number): void {
    const children = hold?.children;
    if (children !== undefined && (children.#writer || children.#readers > 0 || children.#queue.head !== undefined)) {
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
    publishRelease(this.#source, mode, grantedAt);
    this.#dispatch();
  }

  /** Grants the head of the queue (and the shared waiters right behind a shared head). */
  #dispatch(): void {
    for (let waiter = this.#queue.head; waiter !== undefined; waiter = this.#queue.head) {
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
    if (this.#queue.exclusive === 0) this.#nestedJoins = 0;
    if (this.#onIdle !== undefined && !this.#writer && this.#readers === 0) {
      const onIdle = this.#onIdle;
      this.#onIdle = undefined;
      onIdle();
    }
  }

  #grant(waiter: Waiter): void {
    this.#queue.remove(waiter);
    if (waiter.mode === 'exclusive') this.#nestedJoins = 0;
    waiter.grantedAt = publishGrant(this.#source, waiter.mode, waiter.requestedAt);
    waiter.grant();
  }

  /** A waiter leaves the queue (timeout or abort): its function never runs. */
  #giveUp(waiter: Waiter, error: LockTimeoutError | LockAbortedError): void {
    // Stryker disable next-line ConditionalExpression,BooleanLiteral: defensive: leaving the queue cancels the waiter's timer and abort callback, so neither calls this for a waiter that is not queued
    if (!waiter.queued) return;
    this.#queue.remove(waiter);
    waiter.refuse(error);
    // It may have been the head that blocked others (a writer in front of readers).
    this.#dispatch();
  }
}
