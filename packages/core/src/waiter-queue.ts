import type { Unsubscribe } from './abort-subscriptions';
import type { LockMode } from './lock-errors';
import type { CancelTimer } from './timers';

/**
 * A queued request. The engine resolves `grant` to let it in (its own continuation then runs
 * the function, in the requester's async context), or calls `refuse` when it gives up.
 */
export class Waiter {
  prev: Waiter | undefined = undefined;
  next: Waiter | undefined = undefined;
  // Stryker disable next-line BooleanLiteral: nothing reads it before `push`, which follows the construction at once
  queued = false;
  grant: () => void = noop;
  refuse: (error: unknown) => void = noop;
  cancelTimer: CancelTimer | undefined = undefined;
  unsubscribe: Unsubscribe | undefined = undefined;
  /** When the grant happened, for the release event (`NaN` when nobody measures). */
  grantedAt = Number.NaN;

  constructor(
    readonly mode: LockMode,
    /** When it asked (`NaN` when nobody measures). */
    readonly requestedAt: number,
  ) {}
}

function noop(): void {
  // Replaced by the promise's resolvers before the waiter is queued.
}

/**
 * The FIFO of waiters of one engine: a doubly linked list, so a waiter that gives up from
 * anywhere in the queue leaves in O(1) without disturbing the others, with counts by mode
 * for `query()`.
 */
export class WaiterQueue {
  head: Waiter | undefined = undefined;
  #tail: Waiter | undefined = undefined;
  shared = 0;
  exclusive = 0;

  push(waiter: Waiter): void {
    waiter.queued = true;
    waiter.prev = this.#tail;
    if (this.#tail === undefined) this.head = waiter;
    else this.#tail.next = waiter;
    this.#tail = waiter;
    if (waiter.mode === 'exclusive') this.exclusive++;
    else this.shared++;
  }

  /** Takes `waiter` out of the queue and drops its timer and abort subscription. */
  remove(waiter: Waiter): void {
    // Stryker disable next-line BooleanLiteral: read only by the engine's defensive check in #giveUp, which a removed waiter's cancelled timer and abort callback never reach
    waiter.queued = false;
    const { prev, next } = waiter;
    if (prev === undefined) this.head = next;
    else prev.next = next;
    if (next === undefined) this.#tail = prev;
    else next.prev = prev;
    waiter.prev = undefined;
    waiter.next = undefined;
    if (waiter.mode === 'exclusive') this.exclusive--;
    else this.shared--;
    if (waiter.cancelTimer !== undefined) {
      waiter.cancelTimer();
      waiter.cancelTimer = undefined;
    }
    if (waiter.unsubscribe !== undefined) {
      waiter.unsubscribe();
      waiter.unsubscribe = undefined;
    }
  }

  /** The first exclusive waiter, if any (for the starvation report). */
  firstExclusive(): Waiter | undefined {
    for (let waiter = this.head; waiter !== undefined; waiter = waiter.next) {
      if (waiter.mode === 'exclusive') return waiter;
    }
    return undefined;
  }
}
