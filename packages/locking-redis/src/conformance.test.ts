/**
 * `@soni/testing`'s lock conformance suite on both Redis modes (and their re-entrant forms),
 * claiming every capability they have, against a redis-server of this file's own.
 */
import { afterAll, beforeAll, describe } from 'vitest';
import { describeLockConformance } from '@soni/testing/vitest';
import type { RedisLock } from './redis-lock';
import { redisLockFromUrl } from './redis-lock-url';
import { TestRedisServer, hasRedisServer } from './redis-server.fixture';

// `retry`: a few scenarios still give a request a fixed number of event-loop turns (to show
// that something did NOT happen, or that a hand-off did), which a Redis round trip does not
// always fit in on a loaded machine; the exclusion scenario waits for its holder to start.
describe.runIf(hasRedisServer)('Redis locks: conformance', { retry: 2 }, () => {
  let server: TestRedisServer;
  const locks: RedisLock[] = [];
  let next = 0;
  beforeAll(async () => {
    server = await TestRedisServer.start();
  });
  afterAll(async () => {
    await Promise.all(locks.map((lock) => lock.close()));
    await server.stop();
  });
  // A fresh key per test: every test gets an unused lock, already connected (the suite gives
  // a grant a few event-loop turns, which a first connection does not fit in).
  const factory = (params: string) => async (): Promise<RedisLock> => {
    const lock = redisLockFromUrl(server.url(`key=conformance:${String(++next)}&leaseMs=2000&${params}`));
    locks.push(lock);
    for (let i = 0; i < 3; i++) {
      await lock.runExclusive(() => undefined);
      await lock.runShared(() => undefined);
    }
    return lock;
  };

  const exclusiveCaps = { fifo: true, timeouts: true, abort: true, asyncContext: true } as const;
  describeLockConformance('RedisLock mutex', factory('mode=mutex'), { ...exclusiveCaps, selfDeadlockDetection: true });
  describeLockConformance('RedisLock mutex (reentrant)', factory('mode=mutex&reentrant=true'), { ...exclusiveCaps, reentrancy: true });
  describeLockConformance('RedisLock rwlock', factory('mode=rwlock'), {
    ...exclusiveCaps,
    sharedConcurrency: true,
    writerPreference: true,
    selfDeadlockDetection: true,
  });
  describeLockConformance('RedisLock rwlock (reentrant)', factory('mode=rwlock&reentrant=true'), {
    ...exclusiveCaps,
    sharedConcurrency: true,
    writerPreference: true,
    reentrancy: true,
  });
});
