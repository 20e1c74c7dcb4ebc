import { LockConfigError, hasControlCharacters, isPlainRecord, resolveLockOptions } from '@soni/core';
import type { QueuedLockOptions, ResolvedLockOptions } from '@soni/core';

/** How a Redis lock coordinates: one holder at a time, or many readers / one writer. */
export type RedisLockMode = 'mutex' | 'rwlock';

/** Every {@link RedisLockMode}. */
export const REDIS_LOCK_MODES: readonly RedisLockMode[] = Object.freeze(['mutex', 'rwlock']);

/**
 * Options of a Redis lock: its name in Redis, its mode and lease, how long a Redis command
 * may take, and the in-process options every queued lock takes ({@link QueuedLockOptions}:
 * `timeoutMs`, `reentrant`, `detectReentrancy`, `starvationWarningMs`), which behave as in
 * `@soni/locking`.
 */
export interface RedisLockOptions extends QueuedLockOptions {
  /**
   * The lock's name in Redis. Every process that uses the same server, database and `key`
   * shares the lock. Its keys are `{key}:writer`, `{key}:readers`, `{key}:queue`,
   * `{key}:queue-expiry` and `{key}:fence`, its wake-up channel `{key}:released` (one hash
   * tag, so one Redis Cluster slot). 1 to 200 characters, no braces, no control characters.
   * @default 'soni:lock'
   */
  key?: string;
  /**
   * `'mutex'`: every call holds the lock alone (`runShared` is `runExclusive`). `'rwlock'`:
   * shared calls run together, an exclusive call runs alone, and a waiting exclusive call
   * keeps new shared calls out (writer preference, across processes). Locks of both modes on
   * one key interoperate: a mutex is a read-write lock whose every call is exclusive.
   * @default 'mutex'
   */
  mode?: RedisLockMode;
  /**
   * How long a hold lasts in Redis without renewal, in milliseconds. While the function
   * runs, the lease is renewed every `leaseMs / 3`; a process that dies frees the lock at
   * most `leaseMs` later. A waiting writer's place in the queue lapses after the same time
   * if its process dies. An integer from 10 to 2^31 − 1.
   * @default 10000
   */
  leaseMs?: number;
  /**
   * How long one Redis command (an acquisition attempt, a renewal, a release) may go
   * unanswered before it fails with `LockUnavailableError`: the bound on how long a call
   * can hang on a dead or unreachable server. A number of milliseconds > 0.
   * @default 2000
   */
  commandTimeoutMs?: number;
  /**
   * For how long after this process got the lock from Redis's queue an exclusive hold may
   * pass straight from one of its calls to its next exclusive call (one round trip, no
   * release and re-acquisition, no wake-up of another process); then it is released and the
   * queue goes first. The bound on how long other processes wait for a burst of this one's
   * calls. `0` always releases. Milliseconds, finite and >= 0.
   * @default 50
   */
  handOverWindowMs?: number;
}

/** The options after validation, with defaults applied. */
export interface ResolvedRedisLockOptions {
  readonly key: string;
  readonly mode: RedisLockMode;
  readonly leaseMs: number;
  readonly commandTimeoutMs: number;
  readonly handOverWindowMs: number;
  readonly queued: ResolvedLockOptions;
}

const REDIS_FIELDS = ['key', 'mode', 'leaseMs', 'commandTimeoutMs', 'handOverWindowMs'];
const QUEUED_FIELDS = ['timeoutMs', 'reentrant', 'detectReentrancy', 'starvationWarningMs'];
/** Every option a Redis lock takes, for messages. */
export const REDIS_LOCK_FIELDS: readonly string[] = Object.freeze([...REDIS_FIELDS, ...QUEUED_FIELDS]);

const MAX_LEASE_MS = 2 ** 31 - 1;

/** Checks a Redis lock's options; throws {@link LockConfigError} naming the bad field and what it takes. */
export function resolveRedisLockOptions(options: RedisLockOptions | undefined): ResolvedRedisLockOptions {
  if (options !== undefined && !isPlainRecord(options)) throw new LockConfigError('options', options, 'an object');
  const given: RedisLockOptions = options ?? {};
  for (const field of Object.keys(given)) {
    if (!REDIS_LOCK_FIELDS.includes(field)) {
      throw new LockConfigError('field', field, `one of ${REDIS_LOCK_FIELDS.map((f) => `'${f}'`).join(', ')}`);
    }
  }
  const { key = 'soni:lock', mode = 'mutex', leaseMs = 10_000, commandTimeoutMs = 2000, handOverWindowMs = 50, ...queued } = given;
  assertKey(key);
  if (!REDIS_LOCK_MODES.includes(mode)) throw new LockConfigError('mode', mode, "'mutex' or 'rwlock'");
  if (typeof leaseMs !== 'number' || !Number.isInteger(leaseMs) || leaseMs < 10 || leaseMs > MAX_LEASE_MS) {
    throw new LockConfigError('leaseMs', leaseMs, 'an integer number of milliseconds from 10 to 2147483647');
  }
  // Stryker disable next-line ConditionalExpression: Number.isFinite is false for every non-number, so the typeof check only narrows the type
  if (typeof commandTimeoutMs !== 'number' || !Number.isFinite(commandTimeoutMs) || commandTimeoutMs <= 0) {
    throw new LockConfigError('commandTimeoutMs', commandTimeoutMs, 'a finite number of milliseconds > 0');
  }
  if (typeof handOverWindowMs !== 'number' || !Number.isFinite(handOverWindowMs) || handOverWindowMs < 0) {
    throw new LockConfigError('handOverWindowMs', handOverWindowMs, 'a finite number of milliseconds >= 0');
  }
  return { key, mode, leaseMs, commandTimeoutMs, handOverWindowMs, queued: resolveLockOptions(queued) };
}

function assertKey(key: unknown): asserts key is string {
  const expected = 'a string of 1 to 200 characters without braces or control characters';
  if (typeof key !== 'string' || key.length === 0 || key.length > 200 || /[{}]/.test(key) || hasControlCharacters(key)) {
    throw new LockConfigError('key', key, expected);
  }
}
