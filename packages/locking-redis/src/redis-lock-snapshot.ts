import type { LockMode, LockSnapshot } from '@soni/core';
import type { RedisLockMode } from './redis-lock-options';

/** One Redis hold of this process, as {@link RedisLock.query} shows it. */
export interface RedisLeaseSnapshot {
  readonly mode: LockMode;
  /** The hold's fencing token (exclusive holds). */
  readonly fencingToken: number | undefined;
  /** How much longer the lease is vouched for without another renewal, in milliseconds. */
  readonly validForMs: number;
  /** Whether the lease was lost (its signal aborted). */
  readonly lost: boolean;
}

/**
 * {@link RedisLock.query}'s answer: the in-process queue's {@link LockSnapshot} (its
 * `holders` count the calls this process admitted, including those still waiting in Redis)
 * plus this process's side of the Redis lock. It never makes a Redis round trip.
 */
export interface RedisLockSnapshot extends LockSnapshot {
  readonly kind: RedisLockMode;
  /** The lock's Redis key. */
  readonly key: string;
  /** The lease length. */
  readonly leaseMs: number;
  /** Calls of this process admitted by the in-process queue and now waiting in Redis. */
  readonly waitingInRedis: number;
  /** The Redis holds of this process. */
  readonly leases: readonly RedisLeaseSnapshot[];
}
