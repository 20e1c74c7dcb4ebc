import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { LockConfigError, LockEngine, assertFunction, lockHolds, readLockOptions } from '@soni/core';
import type { HeldLock, LockMode, LockOptions, LockStrategy } from '@soni/core';
import { quitWithin } from './quit-client';
import { acquireLease, type AcquireContext } from './redis-acquire';
import { RedisCommands, lockKeys } from './redis-commands';
import { redisChannels } from './redis-lock-diagnostics';
import { LeaseHandOver } from './lease-hand-over';
import type { RedisLockSnapshot } from './redis-lock-snapshot';
import type { RedisLease, RedisLockHold } from './redis-lease';
import { resolveRedisLockOptions, type RedisLockMode, type RedisLockOptions, type ResolvedRedisLockOptions } from './redis-lock-options';
import { WakeUps } from './wake-ups';

/** A function run under a Redis lock: it receives its hold (signal, fencing token). */
export type RedisLockedFunction<T> = (hold: RedisLockHold) => T | PromiseLike<T>;

const now = (): number => performance.now();


const ownClients = new WeakMap<RedisLock, Redis>();

/**
 * Makes `lock` own `client` (the URL factory's): `close()` quits it, and its connection
 * errors explain the failures of the lock's commands.
 */
export function adoptClient(lock: RedisLock, client: Redis): void {
  ownClients.set(lock, client);
  lock[WATCH_ERRORS](client);
}

const WATCH_ERRORS = Symbol('watchErrors');

function isRedisClient(value: unknown): value is Redis {
  if (typeof value !== 'object' || value === null) return false;
  const client = value as Record<string, unknown>;
  return typeof client.evalsha === 'function' && typeof client.eval === 'function' && typeof client.duplicate === 'function';
}

function endpointOf(client: Redis): string {
  const options = client.options as { host?: string; port?: number; path?: string };
  if (typeof options.path === 'string' && options.path.length > 0) return options.path;
  return `${options.host ?? 'localhost'}:${String(options.port ?? 6379)}`;
}

/**
 * A lock shared by every process that uses the same Redis server, database and `key`: a
 * mutex or a writer-preferring read-write lock, with leases renewed while the function runs,
 * fencing tokens, and pub/sub wake-ups.
 *
 * Guarantees:
 * - across processes: an exclusive holder runs alone while its lease is vouched for; shared
 *   holders (`'rwlock'`) run together, never beside an exclusive one; a waiting writer keeps
 *   new readers out, and writers are served in the order they first asked (a fair queue in
 *   Redis);
 * - within a process: the calls queue in `@soni/core`'s `LockEngine` first (FIFO, writer
 *   preference, timeouts and aborts that leave the queue, self-deadlock detection and
 *   re-entrancy, exactly as `@soni/locking`'s locks), and only the admitted ones go to Redis;
 *   a nested call that re-enters or joins its caller's hold reuses the caller's Redis hold;
 * - one deadline per call: `timeoutMs` covers the in-process wait and the Redis wait;
 *   `timeoutMs` and `signal` withdraw the call from both;
 * - a lease is renewed every `leaseMs / 3` while its function runs; if it is lost, the hold's
 *   `signal` aborts with {@link LockLeaseLostError}, `soni:lock:redis:lease-lost` is
 *   published, and the call rejects with that error (or the function's own error);
 * - every exclusive grant has a fencing token greater than all before it;
 * - a Redis command that gets no answer within `commandTimeoutMs` fails the call with
 *   {@link LockUnavailableError} (`LockAuthError` for refused credentials): never a hang.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { RedisLock } from '@soni/locking-redis';
 *
 * const lock = new RedisLock(new Redis(), { key: 'billing:ledger', mode: 'mutex', leaseMs: 5_000 });
 * await lock.runExclusive(async ({ signal, fencingToken }) => {
 *   await ledger.append(entry, { fencingToken, signal });
 * });
 * ```
 */
export class RedisLock implements LockStrategy {
  /** `'mutex'` or `'rwlock'`. */
  readonly kind: RedisLockMode;
  /** The lock's Redis key. */
  readonly key: string;
  readonly #options: ResolvedRedisLockOptions;
  readonly #engine: LockEngine;
  readonly #context: AcquireContext;
  readonly #leases = new WeakMap<HeldLock, RedisLease>();
  readonly #active = new Set<RedisLease>();
  readonly #instance = randomUUID();
  #requests = 0;
  #waitingInRedis = 0;
  /** Passes an exclusive hold straight to this process's next exclusive call (see `LeaseHandOver`). */
  readonly #handOver: LeaseHandOver;

  /**
   * @param client - an ioredis client (yours: the lock never closes it; it opens one more
   *   connection, a duplicate, for its wake-up subscription)
   * @param options - see {@link RedisLockOptions}; throws `LockConfigError` on a bad value
   */
  constructor(client: Redis, options?: RedisLockOptions) {
    if (!isRedisClient(client)) throw new LockConfigError('client', client, 'an ioredis client (new Redis(...))');
    this.#options = resolveRedisLockOptions(options);
    const { key, mode, leaseMs, commandTimeoutMs } = this.#options;
    this.kind = mode;
    this.key = key;
    this.#engine = new LockEngine(this, mode, mode === 'mutex', this.#options.queued);
    this.#handOver = new LeaseHandOver(this.#options.handOverWindowMs, (lease) => {
      if (redisChannels.acquired.hasSubscribers) {
        redisChannels.acquired.publish({ lock: this, key, mode: 'exclusive', fencingToken: lease.fencingToken, waitMs: 0 });
      }
    });
    const keys = lockKeys(key);
    this.#context = {
      lock: this,
      kind: mode,
      key,
      leaseMs,
      commandTimeoutMs,
      commands: new RedisCommands(client, keys, endpointOf(client)),
      park: (lease) => this.#handOver.park(lease),
      wakeUps: new WakeUps(() => client.duplicate(), keys.channel),
    };
  }

  /**
   * Runs `fn` holding the lock alone, in every process, and resolves to its result. Rejects
   * with `LockTimeoutError` / `LockAbortedError` (without running `fn`) if not granted in
   * time, `LockReentrancyError` on a self-deadlock, `LockUnavailableError` / `LockAuthError`
   * when Redis cannot be used, {@link LockLeaseLostError} when `fn` resolved but the lease was
   * lost meanwhile, `InvalidArgumentError` on bad arguments, or `fn`'s own error.
   */
  runExclusive<T>(fn: RedisLockedFunction<T>, options?: LockOptions): Promise<T> {
    return this.#run(fn, 'exclusive', options);
  }

  /**
   * Runs `fn` holding the lock in shared mode (beside other shared holders of any process;
   * for a `'mutex'`, alone) and resolves to its result. Rejects as {@link RedisLock.runExclusive}.
   */
  runShared<T>(fn: RedisLockedFunction<T>, options?: LockOptions): Promise<T> {
    return this.#run(fn, 'shared', options);
  }

  /** This process's view of the lock: its in-process queue and its Redis holds. */
  query(): RedisLockSnapshot {
    const leases = [...this.#active].map((lease) => ({
      mode: lease.mode,
      fencingToken: lease.fencingToken,
      validForMs: Math.round(lease.validForMs()),
      lost: lease.lost !== undefined,
    }));
    return {
      ...this.#engine.snapshot(),
      kind: this.kind,
      key: this.key,
      leaseMs: this.#options.leaseMs,
      waitingInRedis: this.#waitingInRedis,
      leases,
    };
  }

  /**
   * Closes the connections the lock opened: its wake-up subscription, and the client itself
   * when the lock was made by `redisLockFromUrl`. A client you passed in stays open. Calls
   * made afterwards fail with `LockUnavailableError`. Waits for pending commands (a release)
   * for at most `commandTimeoutMs`, then drops the connections.
   */
  async close(): Promise<void> {
    const timeoutMs = this.#options.commandTimeoutMs;
    await this.#handOver.releaseParked();
    const own = ownClients.get(this);
    await Promise.all([this.#context.wakeUps.close(timeoutMs), own === undefined ? undefined : quitWithin(own, timeoutMs)]);
  }

  /** @internal */
  [WATCH_ERRORS](client: Redis): void {
    this.#context.commands.watchErrors(client);
  }

  #run<T>(fn: RedisLockedFunction<T>, mode: LockMode, options: LockOptions | undefined): Promise<T> {
    let checked: LockOptions | undefined;
    try {
      const where = mode === 'exclusive' ? `${this.kind}.runExclusive()` : `${this.kind}.runShared()`;
      assertFunction(fn, where, 'the function to run under the lock');
      checked = readLockOptions(options, where);
    } catch (error) {
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the boundary check's InvalidArgumentError, as is
      return Promise.reject(error);
    }
    // One deadline for the whole call: what the in-process wait uses comes off the Redis wait.
    const timeoutMs = checked?.timeoutMs ?? this.#options.queued.timeoutMs;
    const deadline = timeoutMs === undefined ? Infinity : now() + timeoutMs;
    const redisMode: LockMode = this.kind === 'mutex' ? 'exclusive' : mode;
    return this.#engine.run(() => this.#inRedis(fn, redisMode, checked?.signal, deadline, timeoutMs), mode, checked);
  }

  async #inRedis<T>(fn: RedisLockedFunction<T>, mode: LockMode, signal: AbortSignal | undefined, deadline: number, timeoutMs: number | undefined): Promise<T> {
    // With detection on, the engine runs this inside the call's own hold record.
    const record = lockHolds.current();
    const mine = record?.lock === this ? record : undefined;
    const outer = mine === undefined ? undefined : this.#outerLease(mine);
    let lease: RedisLease;
    if (outer !== undefined) {
      outer.use();
      lease = outer;
    } else {
      const owner = `${this.#instance}:${String(++this.#requests)}`;
      const handed = mode === 'exclusive' && signal?.aborted !== true ? await this.#handOver.takeOver(owner) : undefined;
      if (handed !== undefined) {
        lease = handed;
      } else {
        this.#waitingInRedis += 1;
        try {
          lease = await acquireLease(this.#context, { owner, mode, signal, deadline, timeoutMs });
        } finally {
          this.#waitingInRedis -= 1;
        }
      }
    }
    if (mine !== undefined) this.#leases.set(mine, lease);
    this.#active.add(lease);
    let value: T;
    try {
      value = await fn(lease.hold);
    } catch (error) {
      await this.#leave(lease);
      throw error;
    }
    await this.#leave(lease);
    if (lease.lost !== undefined) throw lease.lost;
    return value;
  }

  /** The Redis lease of the enclosing hold of this lock (re-entry, or a shared call joining), if still usable. */
  #outerLease(mine: HeldLock): RedisLease | undefined {
    const outer = lockHolds.find(mine.parent, this);
    if (outer === undefined) return undefined;
    const lease = this.#leases.get(outer);
    return lease?.usable === true ? lease : undefined;
  }

  async #leave(lease: RedisLease): Promise<void> {
    const left = lease.leave();
    if (lease.users === 0) this.#active.delete(lease);
    await left;
  }
}
