/**
 * Run in a child process by the `redis-contended` scenario (four at once): waits until the
 * agreed start time, takes one Redis mutex `ops` times in sequence around a one-command
 * critical section (`INCR` of a counter), and prints when it was ready (connected, warmed up)
 * and when it finished, as JSON. `lib` picks
 * the lock: ours (`@soni/locking-redis`), `@sesamecare-oss/redlock` or redis-semaphore's
 * `Mutex`, each as its users call it, connected the same way.
 */
import { Redlock } from '@sesamecare-oss/redlock';
import { Redis } from 'ioredis';
import { Mutex } from 'redis-semaphore';
import { createRedisLock } from '@soni/locking-redis';

const [lib, portText, key, opsText, startAtText] = process.argv.slice(2);
const ops = Number(opsText);
const client = new Redis({ port: Number(portText) });
const counter = `${String(key)}:counter`;

async function soni(): Promise<void> {
  const lock = createRedisLock(client, { key: String(key), mode: 'mutex', leaseMs: 10_000 });
  const once = (): Promise<number> => lock.runExclusive(() => client.incr(counter));
  await once();
  await waitForStart();
  for (let i = 0; i < ops; i++) await once();
  await lock.close();
}

async function redlock(): Promise<void> {
  // Unlimited retries (the default gives up after 10), polling as often as redis-semaphore.
  const locks = new Redlock([client], { retryCount: -1, retryDelay: 10, retryJitter: 5 });
  const once = (): Promise<number> => locks.using([String(key)], 10_000, () => client.incr(counter));
  await once();
  await waitForStart();
  for (let i = 0; i < ops; i++) await once();
}

async function semaphore(): Promise<void> {
  const once = async (): Promise<void> => {
    const mutex = new Mutex(client, String(key), { acquireTimeout: 60_000 });
    await mutex.acquire();
    try {
      await client.incr(counter);
    } finally {
      await mutex.release();
    }
  };
  await once();
  await waitForStart();
  for (let i = 0; i < ops; i++) await once();
}

let readyAt = 0;

async function waitForStart(): Promise<void> {
  readyAt = Date.now();
  const wait = Number(startAtText) - readyAt;
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}

const runs: Record<string, (() => Promise<void>) | undefined> = { soni, redlock, semaphore };
const run = runs[String(lib)];
if (run === undefined) throw new Error(`usage: redis-contended.ts soni|redlock|semaphore <port> <key> <ops> <startAt>`);
await run();
console.log(JSON.stringify({ lib, readyAt, finishedAt: Date.now() }));
client.disconnect();
