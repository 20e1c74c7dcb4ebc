import type { Redis } from 'ioredis';
import { onAbort } from '@soni/core';
import { quitWithin } from './quit-client';

/** One acquisition waiting for a wake-up message (or its timer). */
export interface WakeWaiter {
  /** The owner id of the attempt: a message naming it (or `*`) wakes it. */
  readonly owner: string;
  /** Set when a message for it arrived, even while no wait was in progress. */
  woken: boolean;
  /** Resolves the current wait, if any. */
  wake: (() => void) | undefined;
}

/** How a wait ended. */
export type WakeReason = 'woken' | 'timer' | 'aborted';

/**
 * The wake-ups of one lock: a subscription to its `released` channel on a connection of its
 * own (a duplicate of the lock's client: a subscribed connection can do nothing else),
 * opened at the first contention and kept. A release publishes who may go next (the first
 * queued writer's owner id, or `*`), so only that waiter retries instead of every waiter
 * stampeding at once. A waiter registers before its attempt is sent, so a message that
 * arrives while the attempt is in flight is not lost (`woken` stays set). Messages missed
 * while the subscription is down are covered by each waiter's timer (jittered back-off).
 */
export class WakeUps {
  readonly #connect: () => Redis;
  readonly #channel: string;
  readonly #waiters = new Set<WakeWaiter>();
  #subscriber: Redis | undefined = undefined;
  #subscribing: Promise<boolean> | undefined = undefined;
  #subscribed = false;
  #closed = false;

  constructor(connect: () => Redis, channel: string) {
    this.#connect = connect;
    this.#channel = channel;
  }

  /** Whether messages are being received. */
  get subscribed(): boolean {
    return this.#subscribed;
  }

  register(owner: string): WakeWaiter {
    const waiter: WakeWaiter = { owner, woken: false, wake: undefined };
    this.#waiters.add(waiter);
    return waiter;
  }

  unregister(waiter: WakeWaiter): void {
    this.#waiters.delete(waiter);
  }

  /**
   * Subscribes if not done yet; resolves to whether the subscription is live, within
   * `timeoutMs` at the latest (a failure leaves the waiters on their timers; the next call
   * tries again).
   */
  subscribe(timeoutMs: number): Promise<boolean> {
    if (this.#subscribed || this.#closed) return Promise.resolve(this.#subscribed);
    this.#subscribing ??= this.#open().finally(() => {
      this.#subscribing = undefined;
    });
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        resolve(false);
      }, Math.max(1, timeoutMs));
      void this.#subscribing?.then((ok) => {
        clearTimeout(timer);
        resolve(ok);
      });
    });
  }

  async #open(): Promise<boolean> {
    let subscriber = this.#subscriber;
    if (subscriber === undefined) {
      subscriber = this.#connect();
      this.#subscriber = subscriber;
      // Errors surface through the lock's own commands; the subscriber reconnects and
      // resubscribes by itself (ioredis `autoResubscribe`).
      subscriber.on('error', () => undefined);
      subscriber.on('message', (channel: string, message: string) => {
        if (channel === this.#channel) this.#deliver(message);
      });
      subscriber.on('close', () => {
        this.#subscribed = false;
      });
      subscriber.on('ready', () => {
        if (this.#subscribing === undefined && !this.#closed) void this.#open();
      });
    }
    try {
      await subscriber.subscribe(this.#channel);
      this.#subscribed = !this.#closed;
      // Anything released while the subscription was down reached nobody: let everyone retry.
      this.#deliver('*');
      return this.#subscribed;
    } catch {
      return false;
    }
  }

  #deliver(message: string): void {
    for (const waiter of this.#waiters) {
      if (message === '*' || message === waiter.owner) {
        waiter.woken = true;
        waiter.wake?.();
      }
    }
  }

  /**
   * Waits until a message wakes `waiter`, `delayMs` pass or `signal` aborts. Resolves at once
   * if a message already came since `waiter.woken` was last cleared.
   */
  wait(waiter: WakeWaiter, delayMs: number, signal: AbortSignal | undefined): Promise<WakeReason> {
    if (waiter.woken) return Promise.resolve('woken');
    if (signal?.aborted === true) return Promise.resolve('aborted');
    return new Promise<WakeReason>((resolve) => {
      const finish = (reason: WakeReason): void => {
        clearTimeout(timer);
        stopListening?.();
        waiter.wake = undefined;
        resolve(reason);
      };
      const timer = setTimeout(() => {
        finish('timer');
      }, Math.max(1, delayMs));
      const stopListening =
        signal === undefined
          ? undefined
          : onAbort(signal, () => {
              finish('aborted');
            });
      waiter.wake = () => {
        finish('woken');
      };
    });
  }

  /** Closes the subscription's connection (within `timeoutMs`). */
  async close(timeoutMs: number): Promise<void> {
    this.#closed = true;
    this.#subscribed = false;
    const subscriber = this.#subscriber;
    this.#subscriber = undefined;
    if (subscriber !== undefined) await quitWithin(subscriber, timeoutMs);
  }
}
