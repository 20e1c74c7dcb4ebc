import type { RedisLease } from './redis-lease';

/**
 * The hand-over of a lock's exclusive hold from one call of a process to its next one.
 *
 * When an exclusive function settles while its lease is still vouched for, the lease is kept
 * (parked) for one event-loop turn: if the same process asks again meanwhile (a queued call,
 * or the caller's next call), one round trip moves the hold to it with a new fencing token,
 * instead of a release and an acquisition, and without waking another process. Otherwise it
 * is released. Bounded in time: once `handOverWindowMs` have passed since the process got the
 * lock from Redis's queue, the lease is released and the queue goes first, so a burst of
 * short calls gains a round trip each while long sections never keep the lock past their turn.
 */
export class LeaseHandOver {
  readonly #windowMs: number;
  readonly #onHandOver: (lease: RedisLease) => void;
  #parked: RedisLease | undefined = undefined;

  /**
   * @param windowMs - the bound (`0`: never hand over)
   * @param onHandOver - told of each lease handed over (for the `acquired` event)
   */
  constructor(windowMs: number, onHandOver: (lease: RedisLease) => void) {
    this.#windowMs = windowMs;
    this.#onHandOver = onHandOver;
  }

  /** Offered a lease its last user left: true if parked (the caller then does not release it). */
  park(lease: RedisLease): boolean {
    if (this.#parked !== undefined || performance.now() - lease.chainStartedAt >= this.#windowMs) return false;
    this.#parked = lease;
    setImmediate(() => {
      if (this.#parked !== lease) return;
      this.#parked = undefined;
      void lease.releaseParked();
    });
    return true;
  }

  /** The parked lease, handed over to `owner`, if there is one and it was still held. */
  async takeOver(owner: string): Promise<RedisLease | undefined> {
    const parked = this.#parked;
    if (parked === undefined) return undefined;
    this.#parked = undefined;
    const handed = await parked.handOver(owner);
    if (handed !== undefined) this.#onHandOver(handed);
    return handed;
  }

  /** Releases the parked lease now, if any (the lock is closing). */
  async releaseParked(): Promise<void> {
    const parked = this.#parked;
    this.#parked = undefined;
    await parked?.releaseParked();
  }
}
