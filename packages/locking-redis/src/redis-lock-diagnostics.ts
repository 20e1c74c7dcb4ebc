import { channel } from 'node:diagnostics_channel';
import type { LockMode, LockStrategy } from '@soni/core';
import type { LockLeaseLostError } from './redis-lock-errors';

/**
 * Names of the `node:diagnostics_channel` channels the Redis locks publish to, beside the
 * in-process queue's `soni:lock:*` channels of `@soni/core` (which a Redis lock publishes too:
 * they describe its in-process front, the FIFO of the calls made in this process). Nothing is
 * built unless a channel has a subscriber.
 *
 * @example
 * ```ts
 * import { subscribe } from 'node:diagnostics_channel';
 * import { REDIS_LOCK_CHANNELS, type RedisLeaseLostEvent } from '@soni/locking-redis';
 *
 * subscribe(REDIS_LOCK_CHANNELS.leaseLost, (message) => {
 *   const event = message as RedisLeaseLostEvent;
 *   console.error(`lost ${event.key} (token ${event.fencingToken}): ${event.error.message}`);
 * });
 * ```
 */
export const REDIS_LOCK_CHANNELS = Object.freeze({
  /** Redis granted a hold ({@link RedisLeaseEvent} with `waitMs`). */
  acquired: 'soni:lock:redis:acquired',
  /** A hold's lease was renewed ({@link RedisLeaseEvent}). */
  leaseRenewed: 'soni:lock:redis:lease-renewed',
  /** A hold's lease was lost ({@link RedisLeaseLostEvent}); its signal aborted at the same time. */
  leaseLost: 'soni:lock:redis:lease-lost',
  /** A hold was released in Redis ({@link RedisLeaseEvent} with `holdMs`). */
  released: 'soni:lock:redis:released',
  /**
   * A release could not reach Redis ({@link RedisReleaseFailedEvent}); the lock stays taken
   * in Redis until its lease runs out (at most `leaseMs`).
   */
  releaseFailed: 'soni:lock:redis:release-failed',
} as const);

/** The message of every Redis lease channel. */
export interface RedisLeaseEvent {
  /** The lock instance. */
  readonly lock: LockStrategy;
  /** Its Redis key. */
  readonly key: string;
  /** The mode of the hold. */
  readonly mode: LockMode;
  /** The hold's fencing token (exclusive holds). */
  readonly fencingToken: number | undefined;
  /** For `acquired`: milliseconds spent waiting in Redis (after the in-process queue). */
  readonly waitMs?: number;
  /** For `released`: milliseconds the hold lasted. */
  readonly holdMs?: number;
}

/** Message of {@link REDIS_LOCK_CHANNELS}`.leaseLost`. */
export interface RedisLeaseLostEvent extends RedisLeaseEvent {
  /** The error the hold's signal aborted with. */
  readonly error: LockLeaseLostError;
}

/** Message of {@link REDIS_LOCK_CHANNELS}`.releaseFailed`. */
export interface RedisReleaseFailedEvent extends RedisLeaseEvent {
  /** Why the release failed. */
  readonly error: unknown;
}

/** The channel objects (internal; looked up once). */
export const redisChannels = {
  acquired: channel(REDIS_LOCK_CHANNELS.acquired),
  leaseRenewed: channel(REDIS_LOCK_CHANNELS.leaseRenewed),
  leaseLost: channel(REDIS_LOCK_CHANNELS.leaseLost),
  released: channel(REDIS_LOCK_CHANNELS.released),
  releaseFailed: channel(REDIS_LOCK_CHANNELS.releaseFailed),
};
