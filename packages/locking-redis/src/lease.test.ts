/**
 * Leases in one process: renewal keeps a long hold, a lost lease is never silent (signal,
 * diagnostics event, typed rejection), nested calls reuse the caller's Redis hold, and one
 * deadline covers the in-process and the Redis wait.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { FlawedRedisLock } from './flawed-redis-lock.fixture';
import { REDIS_LOCK_CHANNELS, type RedisLeaseEvent, type RedisLeaseLostEvent } from './redis-lock-diagnostics';
import { LockLeaseLostError } from './redis-lock-errors';
import { RedisLock } from './redis-lock';
import type { RedisLockHold } from './redis-lease';
import { TestRedisServer, hasRedisServer } from './redis-server.fixture';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe.runIf(hasRedisServer)('Redis lock leases', () => {
  let server: TestRedisServer;
  let redis: Redis;
  const locks: RedisLock[] = [];
  let next = 0;
  beforeAll(async () => {
    server = await TestRedisServer.start();
    redis = new Redis({ port: server.port });
  });
  afterAll(async () => {
    await Promise.all(locks.map((lock) => lock.close()));
    redis.disconnect();
    await server.stop();
  });
  /** Two locks on one key with their own connections: two "processes". */
  const pair = (options: { mode?: 'mutex' | 'rwlock'; leaseMs?: number; reentrant?: boolean; handOverWindowMs?: number } = {}): [RedisLock, RedisLock, string] => {
    const key = `lease:${String(++next)}`;
    const make = (): RedisLock => {
      const lock = new RedisLock(new Redis({ port: server.port }), { key, leaseMs: 600, ...options });
      locks.push(lock);
      return lock;
    };
    return [make(), make(), key];
  };

  it('renews the lease while the function runs: a hold of 3 leases keeps the other process out', async () => {
    const [a, b] = pair();
    const renewed: unknown[] = [];
    const onRenew = (event: unknown): void => void renewed.push(event);
    subscribe(REDIS_LOCK_CHANNELS.leaseRenewed, onRenew);
    let signal: AbortSignal | undefined;
    const holding = a.runExclusive(async (hold) => {
      signal = hold.signal;
      await sleep(1800);
      return 'done';
    });
    await sleep(50);
    await expect(b.runExclusive(() => 'in', { timeoutMs: 1400 })).rejects.toMatchObject({ code: 'LOCK_TIMEOUT' });
    expect(await holding).toBe('done');
    unsubscribe(REDIS_LOCK_CHANNELS.leaseRenewed, onRenew);
    expect(signal?.aborted).toBe(false);
    expect(renewed.length).toBeGreaterThanOrEqual(2);
  });

  it('a lock that does not renew lets the other process in beside the same long hold', async () => {
    const key = `lease:${String(++next)}`;
    const client = new Redis({ port: server.port });
    const flawed = new FlawedRedisLock(client, key, 'no-renewal', 300);
    let inside = false;
    const holding = flawed.runExclusive(async () => {
      inside = true;
      await sleep(900);
      inside = false;
    });
    await sleep(50);
    expect(await flawed.runExclusive(() => inside)).toBe(true);
    await holding;
    client.disconnect();
  });

  it('a lost lease aborts the hold signal, publishes lease-lost, and rejects the call with LockLeaseLostError', async () => {
    const [a, , key] = pair();
    const lost: RedisLeaseLostEvent[] = [];
    const onLost = (event: unknown): void => void lost.push(event as RedisLeaseLostEvent);
    subscribe(REDIS_LOCK_CHANNELS.leaseLost, onLost);
    let hold: RedisLockHold | undefined;
    const call = a.runExclusive(async (h) => {
      hold = h;
      // Redis forgets the hold (as after a restart that lost the data): the next renewal finds out.
      await redis.del(`{${key}}:writer`);
      await sleep(450);
      return 'finished anyway';
    });
    const error = await call.catch((e: unknown) => e);
    unsubscribe(REDIS_LOCK_CHANNELS.leaseLost, onLost);
    expect(LockLeaseLostError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'LOCK_LEASE_LOST', reason: 'expired', key, fencingToken: hold?.fencingToken });
    expect(hold?.signal.aborted).toBe(true);
    expect(hold?.signal.reason).toBe(error);
    expect(lost).toHaveLength(1);
    expect(lost[0]?.error).toBe(error);
    // The function's own error wins over the loss when it fails.
    await expect(a.runExclusive(async () => {
      await redis.del(`{${key}}:writer`);
      await sleep(450);
      throw new Error('own failure');
    })).rejects.toThrow('own failure');
  });

  it('tells the holder within the lease when Redis goes away, and works again once it is back', async () => {
    const own = await TestRedisServer.start();
    const client = new Redis({ port: own.port, maxRetriesPerRequest: 0 });
    client.on('error', () => undefined);
    const lock = new RedisLock(client, { key: 'outage', leaseMs: 400, commandTimeoutMs: 200 });
    locks.push(lock);
    let toldAfter = Number.NaN;
    const call = lock.runExclusive(async ({ signal }) => {
      const stoppedAt = performance.now();
      await own.stop();
      await new Promise((resolve) => { signal.addEventListener('abort', resolve); });
      toldAfter = performance.now() - stoppedAt;
    });
    await expect(call).rejects.toMatchObject({ code: 'LOCK_LEASE_LOST', reason: 'unreachable' });
    // Told a twentieth of the lease before it could run out, after the last renewal (plus timer
    // lateness on a loaded machine): never later than about one lease after the outage began.
    expect(toldAfter).toBeLessThan(400 + 300);
    await expect(lock.runExclusive(() => 'down')).rejects.toMatchObject({ code: 'LOCK_UNAVAILABLE' });
    await own.restart();
    await sleep(1200);
    expect(await lock.runExclusive(() => 'back')).toBe('back');
    await own.stop();
  });

  it('issues strictly increasing fencing tokens, shared by a re-entrant call; shared holds get none', async () => {
    const [a] = pair({ reentrant: true });
    const tokens: (number | undefined)[] = [];
    for (let i = 0; i < 3; i++) {
      await a.runExclusive(async (outer) => {
        tokens.push(outer.fencingToken);
        await a.runExclusive((inner) => {
          expect(inner.fencingToken).toBe(outer.fencingToken);
          expect(inner.signal).toBe(outer.signal);
          expect(a.query().leases).toHaveLength(1);
        });
      });
    }
    expect(tokens.every((t) => typeof t === 'number')).toBe(true);
    expect(tokens).toEqual([...tokens].sort((x, y) => (x ?? 0) - (y ?? 0)));
    expect(new Set(tokens).size).toBe(3);
    const [r] = pair({ mode: 'rwlock' });
    await r.runShared(async (outer) => {
      expect(outer.fencingToken).toBeUndefined();
      // A shared call nested in a shared hold joins it: one Redis hold.
      await r.runShared(() => {
        expect(r.query().leases).toHaveLength(1);
      });
    });
  });

  it('one deadline per call: the in-process wait comes off the Redis wait', async () => {
    // No hand-over: the other process, queued first in Redis, goes first.
    const [a, b] = pair({ leaseMs: 2000, handOverWindowMs: 0 });
    const first = a.runExclusive(() => sleep(250));
    await sleep(20);
    // The other process queues in Redis behind the first call, then holds for a second.
    const other = b.runExclusive(() => sleep(1000));
    await sleep(20);
    const started = performance.now();
    // Waits 230 ms in this process, then in Redis behind the other process: 500 ms in all.
    await expect(a.runExclusive(() => 'late', { timeoutMs: 500 })).rejects.toMatchObject({ code: 'LOCK_TIMEOUT', timeoutMs: 500 });
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(480);
    expect(waited).toBeLessThan(650);
    await Promise.all([first, other]);
    // The timed-out writer left the Redis queue.
    expect(await redis.zcard(`{${a.key}}:queue`)).toBe(0);
  });

  it('an abort while waiting in Redis rejects with LOCK_ABORTED, never runs, and leaves the Redis queue', async () => {
    const [a, b] = pair({ leaseMs: 2000 });
    const holding = b.runExclusive(() => sleep(400));
    await sleep(50);
    const controller = new AbortController();
    let ran = false;
    const waiting = a.runExclusive(() => {
      ran = true;
    }, { signal: controller.signal });
    await sleep(100);
    expect(a.query().waitingInRedis).toBe(1);
    expect(await redis.zcard(`{${a.key}}:queue`)).toBe(1);
    controller.abort(new Error('client went away'));
    await expect(waiting).rejects.toMatchObject({ code: 'LOCK_ABORTED' });
    await holding;
    await sleep(50);
    expect(ran).toBe(false);
    expect(a.query().waitingInRedis).toBe(0);
    expect(await redis.zcard(`{${a.key}}:queue`)).toBe(0);
  });

  it('publishes acquired and released events with the key, mode, fencing token and timings', async () => {
    const [a, b, key] = pair({ mode: 'rwlock' });
    const acquired: RedisLeaseEvent[] = [];
    const released: RedisLeaseEvent[] = [];
    const onAcquired = (event: unknown): void => void acquired.push(event as RedisLeaseEvent);
    const onReleased = (event: unknown): void => void released.push(event as RedisLeaseEvent);
    subscribe(REDIS_LOCK_CHANNELS.acquired, onAcquired);
    subscribe(REDIS_LOCK_CHANNELS.released, onReleased);
    try {
      let firstToken: number | undefined;
      const holding = a.runExclusive(async ({ fencingToken }) => {
        firstToken = fencingToken;
        await sleep(150);
      });
      await sleep(30);
      // b waits in Redis for a's hold to end.
      await b.runShared(() => undefined);
      await holding;
      expect(acquired.map((e) => [e.lock, e.key, e.mode])).toEqual([[a, key, 'exclusive'], [b, key, 'shared']]);
      expect(acquired[0]?.fencingToken).toBe(firstToken);
      // Only exclusive holds carry a fencing token.
      expect(typeof firstToken).toBe('number');
      expect(acquired[1]?.fencingToken).toBeUndefined();
      expect(acquired[0]?.waitMs).toBeGreaterThanOrEqual(0);
      expect(acquired[1]?.waitMs).toBeGreaterThanOrEqual(80);
      expect(released.map((e) => [e.lock, e.key, e.mode])).toEqual([[a, key, 'exclusive'], [b, key, 'shared']]);
      expect(released[0]?.holdMs).toBeGreaterThanOrEqual(140);
      expect(released[0]?.fencingToken).toBe(firstToken);
    } finally {
      unsubscribe(REDIS_LOCK_CHANNELS.acquired, onAcquired);
      unsubscribe(REDIS_LOCK_CHANNELS.released, onReleased);
    }
  });

  it("query() shows this process's holds: mode, fencing token, time left and whether lost", async () => {
    const [a, , key] = pair({ leaseMs: 600 });
    expect(a.query()).toMatchObject({ key, leaseMs: 600, waitingInRedis: 0, leases: [] });
    expect(a.query().kind).toBe(a.kind);
    const seen = await a.runExclusive(({ fencingToken }) => ({ fencingToken, snapshot: a.query() }));
    expect(seen.snapshot.leases).toEqual([{ mode: 'exclusive', fencingToken: seen.fencingToken, validForMs: expect.any(Number) as number, lost: false }]);
    const validForMs = seen.snapshot.leases[0]?.validForMs ?? 0;
    expect(validForMs).toBeGreaterThan(300);
    expect(validForMs).toBeLessThanOrEqual(600);
    expect(Number.isInteger(validForMs)).toBe(true);
    expect(a.query().leases).toEqual([]);
    let lostFlags: boolean[] = [];
    const losing = a.runExclusive(async () => {
      await redis.del(`{${key}}:writer`);
      await sleep(450);
      lostFlags = a.query().leases.map((l) => l.lost);
    });
    await expect(losing).rejects.toMatchObject({ code: 'LOCK_LEASE_LOST' });
    expect(lostFlags).toEqual([true]);
  });

  it('serves writers of different processes in the order they first asked (the queue in Redis)', async () => {
    const key = `lease:${String(++next)}`;
    const make = (): RedisLock => {
      const lock = new RedisLock(new Redis({ port: server.port }), { key, leaseMs: 2000, handOverWindowMs: 0 });
      locks.push(lock);
      return lock;
    };
    const [holder, ...waiters] = [make(), make(), make(), make(), make()];
    const order: number[] = [];
    const holding = holder.runExclusive(() => sleep(300));
    await sleep(50);
    const calls: Promise<void>[] = [];
    for (const [i, lock] of waiters.entries()) {
      calls.push(lock.runExclusive(() => void order.push(i)));
      // Each one refused and queued in Redis before the next one asks.
      await sleep(40);
    }
    expect(await redis.zcard(`{${key}}:queue`)).toBe(4);
    await Promise.all([holding, ...calls]);
    expect(order).toEqual([0, 1, 2, 3]);
  });
});
