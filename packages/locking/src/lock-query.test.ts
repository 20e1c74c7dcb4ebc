import { describe, expect, it } from 'vitest';
import { FlawedLock, gate, settle } from './flawed-lock.fixture';
import { MutexLock } from './mutex-lock';
import { NoopLock } from './noop-lock';
import { ReadWriteLock } from './read-write-lock';

interface Snapshots {
  query(): unknown;
  runShared: ReadWriteLock['runShared'];
  runExclusive: ReadWriteLock['runExclusive'];
}

/** Snapshots taken while a reader holds, a writer waits and a second reader waits, then after. */
async function snapshots(lock: Snapshots): Promise<unknown[]> {
  const taken = [lock.query()];
  const held = gate();
  const r1 = lock.runShared(() => held.promise);
  const w = lock.runExclusive(() => undefined);
  const r2 = lock.runShared(() => undefined);
  await settle();
  taken.push(lock.query());
  held.open();
  await Promise.all([r1, w, r2]);
  taken.push(lock.query());
  return taken;
}

describe('query()', () => {
  // Under vitest the default rule turns detection on (a test runner is running).
  const detection = { enabled: true, source: 'test-runner' };
  const idle = { mode: 'idle', holders: 0, waiting: { shared: 0, exclusive: 0 }, detection };

  it('rwlock: reports holders and waiters by mode', async () => {
    expect(await snapshots(new ReadWriteLock())).toEqual([
      { kind: 'rwlock', ...idle },
      { kind: 'rwlock', mode: 'shared', holders: 1, waiting: { shared: 1, exclusive: 1 }, detection },
      { kind: 'rwlock', ...idle },
    ]);
  });

  it('mutex: every queued call waits as exclusive', async () => {
    expect(await snapshots(new MutexLock())).toEqual([
      { kind: 'mutex', ...idle },
      { kind: 'mutex', mode: 'exclusive', holders: 1, waiting: { shared: 0, exclusive: 2 }, detection },
      { kind: 'mutex', ...idle },
    ]);
  });

  it('differs on a lock whose readers jump the queue', async () => {
    const broken = await snapshots(new FlawedLock('rwlock', { readerPreferring: true }));
    expect(broken[1]).not.toEqual({ kind: 'rwlock', mode: 'shared', holders: 1, waiting: { shared: 1, exclusive: 1 } });
  });

  it('none: always idle', async () => {
    const lock = new NoopLock();
    const during = await lock.runExclusive(() => lock.query());
    expect(during).toEqual({ kind: 'none', ...idle, detection: { enabled: false, source: 'option' } });
  });

  it('is a copy that does not change afterwards', async () => {
    const lock = new MutexLock();
    const before = lock.query();
    await lock.runExclusive(() => undefined);
    const held = gate();
    const holder = lock.runExclusive(() => held.promise);
    expect(before).toEqual({ kind: 'mutex', ...idle });
    expect(lock.query().mode).toBe('exclusive');
    held.open();
    await holder;
  });
});
