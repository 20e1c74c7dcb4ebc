/**
 * One replica of the service, run in a process of its own: an ActionRegistry whose lock is
 * the Redis mutex shared by the fleet, and an action `post` that appends one entry to the
 * ledger (read the balance, `await`, write it back plus one): a read-await-write that only
 * the lock keeps from overlapping with the other replicas'. Several requests run at once in
 * each replica for `durationMs`.
 */
import { ActionHandler, ActionRegistry } from '@soni/core';
import { redisLockFromUrl, type RedisLock } from '@soni/locking-redis';
import type { ProcessTaskContext } from '@soni/testing';
import { Redis } from 'ioredis';
import { Ledger } from './ledger';

export interface ReplicaData {
  readonly lockUrl: string;
  readonly redisPort: number;
  readonly ledger: string;
  readonly durationMs: number;
  readonly concurrency: number;
}

export interface ReplicaReport {
  readonly posts: number;
  readonly failed: Record<string, number>;
  /** When each grant of this replica happened (epoch ms), to measure the wait after the kill. */
  readonly grants: number[];
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function run({ index, data, send }: ProcessTaskContext<ReplicaData>): Promise<ReplicaReport> {
  const lock = redisLockFromUrl(data.lockUrl);
  const redis = new Redis({ port: data.redisPort });
  const ledger = new Ledger(redis, data.ledger);
  const registry = new ActionRegistry({ lock });
  const grants: number[] = [];
  let signalled = false;
  // The registry runs an action under the lock in shared mode; with a mutex that is exclusive.
  registry.registerLocal('post', async () => {
    grants.push(Date.now());
    if (!signalled && index === 0 && grants.length >= 20) {
      signalled = true;
      send('holding'); // the parent kills this process now, while it holds the lock
      await sleep(10_000);
    }
    await ledger.enter();
    try {
      const balance = await ledger.read();
      await sleep(2); // the device is slow: this is where an unprotected writer would interleave
      return { accepted: await ledger.commit(balance + 1, token(lock)) };
    } finally {
      await ledger.leave();
    }
  });
  const handler = new ActionHandler(registry);
  const failed: Record<string, number> = {};
  let posts = 0;
  const until = Date.now() + data.durationMs;
  await Promise.all(
    Array.from({ length: data.concurrency }, async () => {
      while (Date.now() < until) {
        try {
          await handler.execute('post', {});
          posts += 1;
        } catch (error) {
          const code = (error as { code?: string }).code ?? 'ERROR';
          failed[code] = (failed[code] ?? 0) + 1;
        }
      }
    }),
  );
  await lock.close();
  await redis.quit();
  return { posts, failed, grants };
}

/**
 * The fencing token of the hold this execution runs under. An action's context carries the
 * hold's signal but not its token, so it is read from the lock: with a mutex this process has
 * at most one Redis hold at a time, the one this action runs under.
 */
function token(lock: RedisLock): number {
  return lock.query().leases.find((lease) => lease.fencingToken !== undefined)?.fencingToken ?? 0;
}
