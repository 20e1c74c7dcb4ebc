/**
 * Faults across processes: a holder killed with SIGKILL, and Redis stopped for 2 s and
 * restarted under load, with the fencing tokens checked at a protected resource (a second
 * redis-server that is never restarted). Each scenario also runs on a broken variant.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertProcessesFulfilled, type ProcessHandle } from '@soni/testing';
import { freshKey, runFleet } from './fleet.fixture';
import type { FleetData, Section, Variant } from './fleet-tasks.fixture';
import { TestRedisServer, hasRedisServer, underMutationTesting } from './redis-server.fixture';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const clock = (): number => performance.timeOrigin + performance.now();

describe.runIf(hasRedisServer && !underMutationTesting)('Redis locks across processes: faults', () => {
  let server: TestRedisServer;
  let resource: TestRedisServer;
  beforeAll(async () => {
    [server, resource] = await Promise.all([TestRedisServer.start(), TestRedisServer.start()]);
  });
  afterAll(async () => {
    await Promise.all([server.stop(), resource.stop()]);
  });
  const leaseMs = 800;
  const data = (variant: Variant, extra: Partial<FleetData> = {}): FleetData => ({ port: server.port, variant, key: freshKey(variant), leaseMs, ...extra });

  /** Kills the holder (process 0) as soon as it holds; returns how long process 1 waited after the kill. */
  const waitAfterKill = async (variant: Variant): Promise<number> => {
    let killedAt = 0;
    const report = await runFleet<{ asked: number; acquired: number | null }>(['holdForever', 'acquireAfter'], data(variant, { durationMs: leaseMs + 3000 }), async ([holder]) => {
      await holder?.nextMessage((m) => m === 'holding');
      await sleep(400);
      killedAt = clock();
      holder?.kill('SIGKILL');
    });
    expect(report.killed).toEqual([0]);
    const [, waiter] = assertProcessesFulfilled(report);
    if (waiter?.acquired === null || waiter === undefined) return Number.POSITIVE_INFINITY;
    // It never got in while the holder was alive.
    expect(waiter.acquired).toBeGreaterThanOrEqual(killedAt);
    return waiter.acquired - killedAt;
  };

  it('a holder killed with SIGKILL: another process acquires within leaseMs + 1 s', { timeout: 30_000 }, async () => {
    expect(await waitAfterKill('mutex')).toBeLessThan(leaseMs + 1000);
  });

  it('a lock without a lease keeps a killed holder\'s lock: the same check fails', { timeout: 30_000 }, async () => {
    expect(await waitAfterKill('no-lease')).toBeGreaterThanOrEqual(leaseMs + 1000);
  });

  /** Sections of different holders that overlapped in time while neither holder was told. */
  const silentOverlaps = (sections: readonly Section[]): string[] => {
    const found: string[] = [];
    const sorted = [...sections].sort((a, b) => a.start - b.start);
    sorted.forEach((a, i) => {
      for (const b of sorted.slice(i + 1)) {
        if (b.start >= a.end) break;
        if (!a.told && !b.told && a.token !== b.token) found.push(`tokens ${String(a.token)} and ${String(b.token)}`);
      }
    });
    return found;
  };

  const fencedLoad = async (variant: Variant, durationMs: number, holdMs: number, whileRunning?: (processes: readonly ProcessHandle[]) => Promise<void>) => {
    const fleet = data(variant, { durationMs, holdMs, resourcePort: resource.port });
    const report = await runFleet<{ sections: Section[]; errors: Record<string, number> }>(['fencedLoad', 'fencedLoad', 'fencedLoad'], fleet, whileRunning);
    const results = assertProcessesFulfilled(report);
    return { sections: results.flatMap((r) => r?.sections ?? []), errors: results.map((r) => r?.errors ?? {}), perProcess: results };
  };

  it('Redis stopped for 2 s and restarted under load: holders told, waiters typed, no silent overlap, works after', { timeout: 60_000 }, async () => {
    let restartedAt = 0;
    // Sections of two leases, and Redis stopped just after one began: its holder outlives its lease.
    const { sections, errors, perProcess } = await fencedLoad('mutex', 11_000, 2 * leaseMs, async (processes) => {
      await sleep(1000);
      const after = clock();
      const entered = (message: unknown): boolean => ((message as { entered?: number }).entered ?? 0) > after;
      await Promise.race(processes.map((p) => p.nextMessage(entered).catch(() => undefined)));
      await server.stop();
      await sleep(2000);
      await server.restart();
      restartedAt = clock();
    });
    // Holders inside their section when Redis went away were told (their signal aborted).
    expect(sections.some((s) => s.told)).toBe(true);
    // Every failure was a typed lock error.
    for (const byCode of errors) {
      for (const code of Object.keys(byCode)) expect(['LOCK_UNAVAILABLE', 'LOCK_LEASE_LOST', 'LOCK_TIMEOUT']).toContain(code);
    }
    expect(errors.some((byCode) => Object.keys(byCode).length > 0)).toBe(true);
    // No two holders ever overlapped without one of them being told.
    expect(silentOverlaps(sections)).toEqual([]);
    // Tokens kept increasing across the restart: the resource accepted the new holders' writes.
    const after = sections.filter((s) => s.start > restartedAt);
    for (const process of perProcess) expect(process?.sections.some((s) => s.start > restartedAt && s.accepted)).toBe(true);
    expect(Math.min(...after.map((s) => s.token))).toBeGreaterThan(Math.max(...sections.filter((s) => s.end < restartedAt - 2000).map((s) => s.token)));
    // Every section the resource accepted in full held the highest token so far when it ran.
    const accepted = sections.filter((s) => s.accepted).sort((a, b) => a.start - b.start);
    expect(accepted.map((s) => s.token)).toEqual([...accepted.map((s) => s.token)].sort((a, b) => a - b));
  });

  it('a lock without lease renewal lets holders overlap without telling them', { timeout: 30_000 }, async () => {
    // Sections longer than the lease: the naive lock's lease runs out under its holder.
    const { sections } = await fencedLoad('no-renewal', 3000, leaseMs + 300);
    expect(silentOverlaps(sections).length).toBeGreaterThan(0);
  });

  it('the real lock holds the same long sections alone (renewed), telling nobody', { timeout: 30_000 }, async () => {
    const { sections } = await fencedLoad('mutex', 3000, leaseMs + 300);
    expect(sections.length).toBeGreaterThan(1);
    expect(sections.every((s) => !s.told && s.accepted)).toBe(true);
    expect(silentOverlaps(sections)).toEqual([]);
  });
});
