// The loops below repeat on purpose: see `Subject.run` in ../scenario.ts.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { createRedisLock, type RedisLock } from '@soni/locking-redis';
import type { Scenario, Subject } from '../scenario';
import { sink } from '../scenario';
import { critical } from './fixtures';

const run = promisify(execFile);
const PROBE = fileURLToPath(new URL('../probes/redis-contended.ts', import.meta.url));
const CALLS = 100;
const PROCESSES = 4;
const OPS_PER_PROCESS = 500;

/** The server the Redis scenarios use: `REDIS_URL`'s port, or 6379 on this machine. */
export function redisPort(): number {
  const url = process.env.REDIS_URL;
  return url === undefined ? 6379 : Number(new URL(url).port || 6379);
}

/** Why the Redis scenarios cannot run (no server answers a PING within a second), or undefined. */
export async function redisUnavailable(): Promise<string | undefined> {
  const client = new Redis({ port: redisPort(), lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  let connectionError: unknown;
  client.on('error', (error: unknown) => {
    connectionError = error;
  });
  try {
    await client.ping();
    return undefined;
  } catch (error) {
    const cause = connectionError ?? error;
    return `no Redis server at 127.0.0.1:${String(redisPort())} (${cause instanceof Error ? cause.message : String(cause)}); set REDIS_URL to run them`;
  } finally {
    client.disconnect();
  }
}

/**
 * One process, no contention: 100 sequential `runExclusive` calls of a Redis mutex around
 * `async () => ++counter`, against 100 sequential `PING`s and `SET`s on the same client. An
 * acquisition and a release are one script round trip each, so two round trips is the floor.
 */
export function redisUncontendedScenario(): Scenario {
  let client: Redis;
  let lock: RedisLock;
  const subjects: Subject[] = [
    {
      id: 'ping',
      label: 'PING',
      ops: CALLS,
      async: true,
      run: async () => {
        let total = 0;
        for (let i = 0; i < CALLS; i++) total += (await client.ping()).length;
        sink.value += total;
      },
    },
    {
      id: 'set',
      label: 'SET',
      ops: CALLS,
      async: true,
      run: async () => {
        let total = 0;
        for (let i = 0; i < CALLS; i++) total += (await client.set('bench:redis:set', i)).length;
        sink.value += total;
      },
    },
    {
      id: 'redis-mutex',
      label: 'RedisLock (mutex).runExclusive',
      ops: CALLS,
      async: true,
      run: async () => {
        let total = 0;
        for (let i = 0; i < CALLS; i++) total += await lock.runExclusive(critical);
        sink.value += total;
      },
    },
  ];
  return {
    id: 'redis-uncontended',
    title: 'uncontended Redis mutex vs one Redis round trip',
    setup: () => {
      client = new Redis({ port: redisPort() });
      lock = createRedisLock(client, { key: `bench:uncontended:${String(process.pid)}`, mode: 'mutex', detectReentrancy: false });
    },
    teardown: async () => {
      await lock.close();
      client.disconnect();
    },
    subjects,
    comparisons: [
      { id: 'redis-vs-ping', label: 'RedisLock acquire+release vs PING', ours: 'redis-mutex', baseline: 'ping', goal: { max: 2.5, source: '#14 locking-redis' } },
      { id: 'redis-vs-set', label: 'RedisLock acquire+release vs SET', ours: 'redis-mutex', baseline: 'set', goal: { max: 2.5, source: '#14 locking-redis' } },
    ],
  };
}

/**
 * Starts four probe processes of `lib` against one key; returns the milliseconds from the
 * common start (or, if a probe was not ready by then, from when the last one was) to the last
 * finish. The start leaves three seconds for the probes to load and connect.
 */
async function contend(lib: 'soni' | 'redlock' | 'semaphore'): Promise<number> {
  const key = `bench:contended:${lib}:${String(process.pid)}:${String(Date.now())}`;
  const startAt = Date.now() + 3000;
  const args = [...process.execArgv, PROBE, lib, String(redisPort()), key, String(OPS_PER_PROCESS), String(startAt)];
  const outputs = await Promise.all(Array.from({ length: PROCESSES }, () => run(process.execPath, args, { encoding: 'utf8' })));
  const reports = outputs.map(({ stdout }) => {
    const lines = stdout.trim().split('\n');
    return JSON.parse(lines[lines.length - 1] ?? '{}') as { readyAt: number; finishedAt: number };
  });
  const started = Math.max(startAt, ...reports.map((r) => r.readyAt));
  return Math.max(...reports.map((r) => r.finishedAt)) - started;
}

function contender(lib: 'soni' | 'redlock' | 'semaphore', label: string): Subject {
  return {
    id: lib,
    label,
    ops: PROCESSES * OPS_PER_PROCESS,
    async: true,
    // Each probe connects and warms up before the common start; only the contended part is timed.
    run: async () => ({ overriddenDuration: await contend(lib) }),
  };
}

/**
 * Four processes take one Redis mutex 500 times each around one `INCR`, all at once: time per
 * acquisition (lower is more throughput) of ours against @sesamecare-oss/redlock and
 * redis-semaphore's `Mutex`, on the same server with the same client library.
 */
export function redisContendedScenario(): Scenario {
  return {
    id: 'redis-contended',
    title: '4 processes contending for one Redis mutex',
    iterations: 1,
    timeMs: 0,
    warmup: false,
    subjects: [contender('soni', 'RedisLock (mutex)'), contender('redlock', '@sesamecare-oss/redlock using()'), contender('semaphore', 'redis-semaphore Mutex')],
    comparisons: [
      { id: 'redis-vs-redlock', label: '4-process contended RedisLock vs redlock', ours: 'soni', baseline: 'redlock', goal: { max: 1, source: '#14 locking-redis' } },
      { id: 'redis-vs-semaphore', label: '4-process contended RedisLock vs redis-semaphore', ours: 'soni', baseline: 'semaphore', goal: { max: 1, source: '#14 locking-redis' } },
    ],
  };
}
