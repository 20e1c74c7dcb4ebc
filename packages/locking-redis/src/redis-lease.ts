import type { LockHold, LockMode, LockStrategy } from '@soni/core';
import type { RedisCommands } from './redis-commands';
import { redisChannels } from './redis-lock-diagnostics';
import { LockLeaseLostError, type LeaseLossReason } from './redis-lock-errors';

/**
 * What a Redis lock passes to the function it runs: the hold's `signal`, which aborts with a
 * {@link LockLeaseLostError} the moment the lease is known lost (or can no longer be vouched
 * for), and, for exclusive holds, its fencing token.
 */
export interface RedisLockHold extends LockHold {
  /** Aborts when the lease is lost; `signal.reason` is the {@link LockLeaseLostError}. */
  readonly signal: AbortSignal;
  /**
   * Strictly greater than the token of every earlier exclusive grant of this lock (in any
   * process, across Redis restarts that lose the data: see the README). Absent on shared holds.
   */
  readonly fencingToken?: number;
}

/** What a lease needs from its lock. */
export interface LeaseOwner {
  readonly lock: LockStrategy;
  readonly key: string;
  readonly leaseMs: number;
  readonly commandTimeoutMs: number;
  readonly commands: RedisCommands;
  /**
   * Offered an exclusive lease its last user left, while still vouched for: returns true to
   * keep it for a moment (for the next exclusive call of this process to take over with
   * {@link RedisLease.handOver}); it then calls {@link RedisLease.releaseParked} if nobody did.
   */
  readonly park: (lease: RedisLease) => boolean;
}

const now = (): number => performance.now();

/**
 * The hold a function receives. Its signal is created when first read (an `AbortController`
 * is a measurable share of an uncontended acquisition, and most functions never read it);
 * one read after the loss gets a signal that is already aborted.
 */
class LeaseHold implements RedisLockHold {
  readonly fencingToken?: number;
  #controller: AbortController | undefined = undefined;
  #lost: LockLeaseLostError | undefined = undefined;

  constructor(token: number | undefined) {
    if (token !== undefined) this.fencingToken = token;
  }

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#lost !== undefined) this.#controller.abort(this.#lost);
    }
    return this.#controller.signal;
  }

  lose(error: LockLeaseLostError): void {
    this.#lost = error;
    this.#controller?.abort(error);
  }
}

/**
 * One grant in Redis, from the acquisition to the release: renews itself (the watchdog)
 * while anyone in this process uses it, and tells them through its signal when it is lost.
 *
 * The lease is vouched for until `sentAt + leaseMs` of the last acquisition or renewal that
 * Redis confirmed (the server set its expiry no earlier than the command was sent). The
 * watchdog renews every `leaseMs / 3`, retries every `leaseMs / 10` while Redis does not
 * answer, and declares the lease lost (`'unreachable'`) a twentieth of the lease before it
 * can no longer vouch for it, or at once (`'expired'`) when Redis answers that the hold is
 * gone. Several calls of this process may share one lease (a re-entrant call, a shared call
 * joining its caller's shared hold): it is released when the last of them settles.
 */
export class RedisLease {
  readonly owner: string;
  readonly mode: LockMode;
  readonly hold: LeaseHold;
  readonly fencingToken: number | undefined;
  readonly grantedAt = now();
  /**
   * When this process got the lock from Redis's queue: the grant time of the first lease of a
   * chain of hand-overs (see `LeaseHandOver`), this lease's own otherwise.
   */
  readonly chainStartedAt: number;
  readonly #of: LeaseOwner;
  #validUntil: number;
  #users = 1;
  #state: 'held' | 'releasing' | 'done' = 'held';
  #lost: LockLeaseLostError | undefined = undefined;
  #lastError: unknown = undefined;
  #timer: ReturnType<typeof setTimeout> | undefined = undefined;

  constructor(of: LeaseOwner, owner: string, mode: LockMode, token: number | undefined, sentAt: number, chainStartedAt?: number) {
    this.chainStartedAt = chainStartedAt ?? this.grantedAt;
    this.#of = of;
    this.owner = owner;
    this.mode = mode;
    this.fencingToken = token;
    this.hold = new LeaseHold(token);
    this.#validUntil = sentAt + of.leaseMs;
    this.#scheduleRenewal(of.leaseMs / 3);
  }

  /** The loss, once known. */
  get lost(): LockLeaseLostError | undefined {
    return this.#lost;
  }

  /** How much longer the lease is vouched for, in milliseconds (0 once lost or released). */
  validForMs(): number {
    return this.#state === 'done' || this.#lost !== undefined ? 0 : Math.max(0, this.#validUntil - now());
  }

  /** Whether another call may still share the lease (not being released, not lost). */
  get usable(): boolean {
    return this.#state === 'held' && this.#lost === undefined;
  }

  /** Whether the lease was released (by its last user). */
  get released(): boolean {
    return this.#state === 'done';
  }

  /** Another call of this process shares the lease. */
  use(): void {
    this.#users += 1;
  }

  /** How many calls of this process use the lease. */
  get users(): number {
    return this.#users;
  }

  /**
   * A call is done with the lease; the last one releases it in Redis, or parks it for the
   * next exclusive call of this process. Never rejects.
   */
  async leave(): Promise<void> {
    this.#users -= 1;
    if (this.#users > 0) return;
    // A lease still vouched for protected its function to the end: no release round trip is
    // needed to say so, and the next call can take it over.
    if (this.mode === 'exclusive' && this.usable && this.validForMs() > this.#of.leaseMs / 2 && this.#of.park(this)) return;
    await this.#release();
  }

  /** Releases a parked lease nobody took over. */
  releaseParked(): Promise<void> {
    return this.#release();
  }

  /**
   * Passes this parked lease to the next exclusive call of this process, as `owner`: one
   * round trip that moves the hold and issues a new fencing token. Resolves to the new lease,
   * or undefined when this lease turned out to
   * be lost (the caller then acquires as usual). Rejects with the command's typed error.
   */
  async handOver(owner: string): Promise<RedisLease | undefined> {
    this.#state = 'releasing';
    this.#stopTimers();
    const of = this.#of;
    const sentAt = now();
    try {
      const token = await of.commands.handOver(this.owner, owner, of.leaseMs, of.commandTimeoutMs);
      if (token === undefined) {
        this.#lose('expired', undefined);
        return undefined;
      }
      return new RedisLease(of, owner, 'exclusive', token, sentAt, this.chainStartedAt);
    } catch (error) {
      // Whether the hold moved is unknown: drop it under both names.
      of.commands.release(this.owner, of.commandTimeoutMs).catch(() => undefined);
      of.commands.release(owner, of.commandTimeoutMs).catch(() => undefined);
      throw error;
    } finally {
      this.#state = 'done';
    }
  }

  /**
   * One timer per lease: it fires for the next renewal, or at the moment the lease can no
   * longer be vouched for, whichever comes first (two timers per hold measured as a visible
   * share of an uncontended acquisition).
   */
  #scheduleRenewal(delayMs: number): void {
    const renewAt = now() + Math.max(1, delayMs);
    const lapseAt = this.#validUntil - this.#of.leaseMs / 20;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (now() >= lapseAt) this.#lose('unreachable', this.#lastError);
      else this.#renew();
    }, Math.max(0, Math.min(renewAt, lapseAt) - now()));
  }

  #renew(): void {
    if (this.#state !== 'held' || this.#lost !== undefined) return;
    const of = this.#of;
    const sentAt = now();
    const timeoutMs = Math.min(of.commandTimeoutMs, Math.max(1, this.#validUntil - sentAt));
    of.commands.renew(this.owner, this.mode === 'exclusive', of.leaseMs, timeoutMs).then(
      (stillHeld) => {
        if (this.#state !== 'held') return;
        if (!stillHeld) {
          this.#lose('expired', undefined);
          return;
        }
        this.#validUntil = sentAt + of.leaseMs;
        this.#lastError = undefined;
        this.#scheduleRenewal(of.leaseMs / 3);
        if (redisChannels.leaseRenewed.hasSubscribers) redisChannels.leaseRenewed.publish(this.#event());
      },
      (error: unknown) => {
        if (this.#state !== 'held') return;
        this.#lastError = error;
        this.#scheduleRenewal(Math.max(5, of.leaseMs / 10));
      },
    );
  }

  #lose(reason: LeaseLossReason, cause: unknown): void {
    if (this.#lost !== undefined || this.#state === 'done') return;
    this.#stopTimers();
    const of = this.#of;
    const error = new LockLeaseLostError(of.key, this.mode, this.fencingToken, reason, cause === undefined ? undefined : { cause });
    this.#lost = error;
    this.hold.lose(error);
    if (redisChannels.leaseLost.hasSubscribers) redisChannels.leaseLost.publish({ ...this.#event(), error });
  }

  async #release(): Promise<void> {
    if (this.#state !== 'held') return;
    this.#state = 'releasing';
    this.#stopTimers();
    const of = this.#of;
    try {
      const heldUntilNow = await of.commands.release(this.owner, of.commandTimeoutMs);
      // Redis no longer knew the hold: it was lost before we could tell (a paused process).
      if (!heldUntilNow) this.#lose('expired', undefined);
      else if (redisChannels.released.hasSubscribers) redisChannels.released.publish({ ...this.#event(), holdMs: now() - this.grantedAt });
    } catch (error) {
      // The hold stays in Redis until its lease runs out. The function ran protected if the
      // lease was still vouched for when it settled; otherwise nobody can say it was.
      if (now() >= this.#validUntil - of.leaseMs / 20) this.#lose('unreachable', error);
      if (redisChannels.releaseFailed.hasSubscribers) redisChannels.releaseFailed.publish({ ...this.#event(), error });
    } finally {
      this.#state = 'done';
    }
  }

  #stopTimers(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #event(): { lock: LockStrategy; key: string; mode: LockMode; fencingToken: number | undefined } {
    return { lock: this.#of.lock, key: this.#of.key, mode: this.mode, fencingToken: this.fencingToken };
  }
}
