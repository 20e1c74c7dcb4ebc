/**
 * Exclusion across processes: replicas of a service (child processes, each with its own lock
 * and connections) against a redis-server of this file's own. Each scenario also runs on a
 * variant that must fail it, to show the test can tell.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { assertProcessesFulfilled } from '@soni/testing';
import { freshKey, runFleet } from './fleet.fixture';
import type { FleetData, Variant } from './fleet-tasks.fixture';
import { TestRedisServer, hasRedisServer, underMutationTesting } from './redis-server.fixture';

describe.runIf(hasRedisServer && !underMutationTesting)('Redis locks across processes: exclusion', () => {
  let server: TestRedisServer;
  let redis: Redis;
  beforeAll(async () => {
    server = await TestRedisServer.start();
    redis = new Redis({ port: server.port });
  });
  afterAll(async () => {
    await redis.quit();
    await server.stop();
  });
  const data = (variant: Variant, extra: Partial<FleetData> = {}): FleetData => ({ port: server.port, variant, key: freshKey(variant), leaseMs: 1000, ...extra });

  const incrementIn4Processes = async (fleet: FleetData): Promise<number> => {
    assertProcessesFulfilled(await runFleet(['increment', 'increment', 'increment', 'increment'], fleet));
    return Number(await redis.get(`${fleet.key}:counter`));
  };

  it('4 processes x 500 read-await-write increments under the mutex: the count is exact', { timeout: 60_000 }, async () => {
    expect(await incrementIn4Processes(data('mutex', { rounds: 500 }))).toBe(2000);
  });

  it('the same increments in a mode that does not exclude (shared holds) lose updates', { timeout: 60_000 }, async () => {
    expect(await incrementIn4Processes(data('rwlock', { rounds: 500, shared: true }))).toBeLessThan(2000);
  });

  const sharedOverlaps = async (fleet: FleetData): Promise<number> => {
    const results = assertProcessesFulfilled(await runFleet<{ start: number; end: number }[]>(['read', 'read', 'read'], fleet));
    let overlaps = 0;
    results.forEach((mine, i) => {
      results.forEach((theirs, j) => {
        if (j <= i) return;
        for (const a of mine ?? []) for (const b of theirs ?? []) if (a.start < b.end && b.start < a.end) overlaps += 1;
      });
    });
    return overlaps;
  };

  it('shared holders of different processes overlap', { timeout: 30_000 }, async () => {
    expect(await sharedOverlaps(data('rwlock', { rounds: 10, holdMs: 50 }))).toBeGreaterThan(0);
    // The mutex serialises the same shared holds: no overlap at all.
    expect(await sharedOverlaps(data('mutex', { rounds: 10, holdMs: 50 }))).toBe(0);
  });

  const writerWait = async (variant: Variant): Promise<number> => {
    const fleet = data(variant, { holdMs: 200, durationMs: 4000, others: 3 });
    const [waited, ...readers] = assertProcessesFulfilled(await runFleet<number>(['writeOnce', 'keepReading', 'keepReading', 'keepReading'], fleet));
    // The readers really kept the lock busy the whole time.
    for (const holds of readers) expect(holds).toBeGreaterThan(20);
    return waited ?? Number.NaN;
  };

  it('a writer gets in within a bounded time under continuous readers from 3 other processes', { timeout: 30_000 }, async () => {
    // Readers hold 200 ms: with writer preference the writer waits for the holds in flight only.
    expect(await writerWait('rwlock')).toBeLessThan(1000);
  });

  it('without writer preference the same writer misses that bound', { timeout: 30_000 }, async () => {
    expect(await writerWait('readers-first')).toBeGreaterThanOrEqual(1000);
  });

  const waitBehindHog = async (handOverWindowMs: number): Promise<number> => {
    const fleet = data('mutex', { holdMs: 20, durationMs: 3000, handOverWindowMs, others: 1 });
    const [waited, holds] = assertProcessesFulfilled(await runFleet<number>(['writeOnce', 'hogExclusive'], fleet));
    expect(holds).toBeGreaterThan(20);
    return waited ?? Number.NaN;
  };

  it('a process calling again and again keeps the lock for at most handOverWindowMs while another waits', { timeout: 30_000 }, async () => {
    // Hand-overs of 20 ms sections for 50 ms, then the waiting process goes first.
    expect(await waitBehindHog(50)).toBeLessThan(1000);
  });

  it('without that bound the waiting process starves until the other stops', { timeout: 30_000 }, async () => {
    expect(await waitBehindHog(1_000_000)).toBeGreaterThanOrEqual(1000);
  });
});
