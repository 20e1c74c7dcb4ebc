import { AsyncLocalStorage } from 'node:async_hooks';
import { runOutsideLocks } from '@soni/core';
import type { LockOptions, LockStrategy } from '@soni/core';
import { describe, expect, it } from 'vitest';
import { LockReentrancyError } from './errors';
import { gate, settle } from './flawed-lock.fixture';
import { MutexLock } from './mutex-lock';
import { ReadWriteLock } from './read-write-lock';

/** The nested call's fate within a few macrotask turns: its value, its error code, or 'hang'. */
async function fate(promise: Promise<unknown>): Promise<unknown> {
  let result: unknown = 'hang';
  promise.then(
    (value) => (result = value),
    (error: unknown) => (result = (error as { code?: unknown }).code),
  );
  await settle(3);
  return result;
}

type Mode = 'runShared' | 'runExclusive';

/** Calls `inner` from inside `outer` (after an await, so only async context links them). */
async function nested(lock: LockStrategy, outer: Mode, inner: Mode): Promise<unknown> {
  let result: unknown;
  const outerCall = lock[outer](async () => {
    await settle(1);
    result = await fate(lock[inner](() => 'inner ran'));
  });
  await settle(6);
  void outerCall.catch(() => undefined);
  return result;
}

describe('self-deadlock detection (non-reentrant)', () => {
  const cases: { lock: string; create: () => LockStrategy; outer: Mode; inner: Mode; expected: unknown }[] = [
    { lock: 'mutex', create: () => new MutexLock(), outer: 'runExclusive', inner: 'runExclusive', expected: 'LOCK_REENTRANCY' },
    { lock: 'mutex', create: () => new MutexLock(), outer: 'runExclusive', inner: 'runShared', expected: 'LOCK_REENTRANCY' },
    { lock: 'mutex', create: () => new MutexLock(), outer: 'runShared', inner: 'runShared', expected: 'LOCK_REENTRANCY' },
    { lock: 'rwlock', create: () => new ReadWriteLock(), outer: 'runExclusive', inner: 'runExclusive', expected: 'LOCK_REENTRANCY' },
    { lock: 'rwlock', create: () => new ReadWriteLock(), outer: 'runShared', inner: 'runExclusive', expected: 'LOCK_REENTRANCY' },
    { lock: 'rwlock', create: () => new ReadWriteLock(), outer: 'runExclusive', inner: 'runShared', expected: 'LOCK_REENTRANCY' },
    { lock: 'rwlock', create: () => new ReadWriteLock(), outer: 'runShared', inner: 'runShared', expected: 'inner ran' },
  ];

  it.each(cases)('$lock: $inner inside $outer gives $expected', async ({ create, outer, inner, expected }) => {
    expect(await nested(create(), outer, inner)).toEqual(expected);
  });

  it.each(cases.filter((c) => c.expected === 'LOCK_REENTRANCY'))(
    '$lock: $inner inside $outer hangs without detection (the bug detection prevents)',
    async ({ lock, outer, inner }) => {
      const blind = lock === 'mutex' ? new MutexLock({ detectReentrancy: false }) : new ReadWriteLock({ detectReentrancy: false });
      expect(await nested(blind, outer, inner)).toBe('hang');
    },
  );

  it('rwlock: shared inside shared joins at once even behind a waiting writer', async () => {
    const lock = new ReadWriteLock();
    const log: string[] = [];
    const writerQueued = gate();
    const reader = lock.runShared(async () => {
      await writerQueued.promise;
      log.push(String(await fate(lock.runShared(() => 'nested reader'))));
    });
    const writer = lock.runExclusive(() => log.push('writer'));
    writerQueued.open();
    await Promise.all([reader, writer]);
    expect(log).toEqual(['nested reader', 'writer']);
  });

  it('the error says what happened and is recognised across copies', async () => {
    const lock = new MutexLock();
    const error = await lock.runExclusive(() => lock.runExclusive(() => 1)).catch((e: unknown) => e);
    expect(LockReentrancyError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'LOCK_REENTRANCY', heldMode: 'exclusive', requestedMode: 'exclusive' });
    expect((error as Error).message).toMatch(/Self-deadlock.*reentrant: true/);
  });

  it('a context that outlives its hold is not treated as holding', async () => {
    const lock = new MutexLock();
    let later: Promise<unknown> | undefined;
    await lock.runExclusive(() => {
      later = settle(1).then(() => lock.runExclusive(() => 'ran after release'));
    });
    expect(await later).toBe('ran after release');
  });

  it('rwlock: overlapping readers released out of order keep their own holds', async () => {
    // The first reader's grant sits in the engine's release slot, the second gets its own
    // callbacks; releasing the first must end its hold (its context then queues like anyone)
    // without ending the second's (whose nested exclusive request is still a self-deadlock).
    const lock = new ReadWriteLock();
    const resumeFirst = gate();
    const secondMayCheck = gate();
    const releaseSecond = gate();
    let stale: Promise<unknown> | undefined;
    const outcomes: unknown[] = [];
    const first = lock.runShared(() => {
      stale = resumeFirst.promise.then(() =>
        lock.runExclusive(() => 'first context, after release').catch((error: unknown) => (error as { code?: unknown }).code),
      );
    });
    const second = lock.runShared(async () => {
      await secondMayCheck.promise;
      outcomes.push(await fate(lock.runExclusive(() => 'second, still holding')));
      await releaseSecond.promise;
    });
    await first;
    resumeFirst.open(); // while the second reader holds: the stale context must queue, not be refused
    await settle(2);
    secondMayCheck.open();
    await settle(4);
    expect(outcomes).toEqual(['LOCK_REENTRANCY']);
    expect(lock.query()).toMatchObject({ mode: 'shared', holders: 1, waiting: { exclusive: 1 } });
    releaseSecond.open();
    await second;
    expect(await stale).toBe('first context, after release');
    expect(lock.query()).toMatchObject({ mode: 'idle', holders: 0 });
  });

  it('documented shape: a timer started inside the hold that asks while the hold is active is rejected; with runOutsideLocks it queues', async () => {
    const lock = new MutexLock();
    const outcomes: unknown[] = [];
    const release = gate();
    const holder = lock.runExclusive(async () => {
      setTimeout(() => {
        // Same async context as the hold, which is still active: counted as nested.
        outcomes.push(lock.runExclusive(() => 'timer ran').catch((error: unknown) => (error as { code?: unknown }).code));
        // Detached from every hold: an unrelated caller, it waits its turn.
        outcomes.push(runOutsideLocks(() => lock.runExclusive(() => 'detached ran')));
      }, 0);
      await release.promise;
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(outcomes).toHaveLength(2);
    release.open();
    await holder;
    expect(await Promise.all(outcomes)).toEqual(['LOCK_REENTRANCY', 'detached ran']);
  });

  it('the same timer asking after the hold was released is an ordinary request', async () => {
    const lock = new MutexLock();
    let late: Promise<unknown> | undefined;
    await lock.runExclusive(() => {
      setTimeout(() => {
        late = lock.runExclusive(() => 'after release');
      }, 5);
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await late).toBe('after release');
  });

  it('holding one lock does not count as holding another', async () => {
    const a = new MutexLock();
    const b = new MutexLock();
    const result = await a.runExclusive(() => b.runExclusive(async () => fate(a.runExclusive(() => 'a again'))));
    expect(result).toBe('LOCK_REENTRANCY');
  });
});

/** A "reentrant" mutex that lets nested calls run straight through: children overlap. */
class NaiveReentrantMutex implements LockStrategy {
  readonly kind = 'mutex';
  readonly #inner = new MutexLock({ detectReentrancy: false });
  readonly #inside = new AsyncLocalStorage<boolean>();

  runExclusive<T>(fn: () => T | PromiseLike<T>, options?: LockOptions): Promise<T> {
    if (this.#inside.getStore() === true) return Promise.resolve().then(fn);
    return this.#inner.runExclusive(() => this.#inside.run(true, fn), options);
  }

  runShared<T>(fn: () => T | PromiseLike<T>, options?: LockOptions): Promise<T> {
    return this.runExclusive(fn, options);
  }
}

/** The holder starts two children at once and awaits both; an outsider queues meanwhile. */
async function concurrentChildren(lock: LockStrategy): Promise<{ maxChildren: number; log: string[] }> {
  let active = 0;
  let maxChildren = 0;
  const log: string[] = [];
  const child = (name: string) =>
    lock.runExclusive(async () => {
      active++;
      maxChildren = Math.max(maxChildren, active);
      log.push(`${name}+`);
      await settle(1);
      log.push(`${name}-`);
      active--;
    });
  const holder = lock.runExclusive(async () => {
    log.push('holder+');
    await Promise.all([child('a'), child('b')]);
    log.push('holder-');
  });
  const outsider = lock.runExclusive(() => log.push('outsider'));
  await Promise.all([holder, outsider]);
  return { maxChildren, log };
}

describe('reentrant: true', () => {
  it.each([
    ['MutexLock', () => new MutexLock({ reentrant: true })],
    ['ReadWriteLock', () => new ReadWriteLock({ reentrant: true })],
  ])('%s: sequential nested calls re-enter', async (_name, create) => {
    const lock = create();
    const result = await lock.runExclusive(async () => {
      const a = await lock.runExclusive(async () => lock.runShared(() => 1));
      const b = await lock.runShared(() => 2);
      return a + b;
    });
    expect(result).toBe(3);
    expect(lock.query()).toMatchObject({ mode: 'idle', holders: 0 });
  });

  const expected = { maxChildren: 1, log: ['holder+', 'a+', 'a-', 'b+', 'b-', 'holder-', 'outsider'] };

  it.each([
    ['MutexLock', () => new MutexLock({ reentrant: true })],
    ['ReadWriteLock', () => new ReadWriteLock({ reentrant: true })],
  ])('%s: concurrent children are serialised, outsiders wait for all of them', async (_name, create) => {
    expect(await concurrentChildren(create())).toEqual(expected);
  });

  it('fails on a naive re-entrant lock that lets children overlap', async () => {
    expect(await concurrentChildren(new NaiveReentrantMutex())).not.toEqual(expected);
  });

  it('rwlock: shared children of an exclusive holder share among themselves', async () => {
    const lock = new ReadWriteLock({ reentrant: true });
    let active = 0;
    let max = 0;
    await lock.runExclusive(async () => {
      await Promise.all(
        [1, 2, 3].map(() =>
          lock.runShared(async () => {
            max = Math.max(max, ++active);
            await settle(1);
            active--;
          }),
        ),
      );
    });
    expect(max).toBe(3);
  });

  it('keeps the lock until a child the holder did not await has finished', async () => {
    const lock = new MutexLock({ reentrant: true });
    const log: string[] = [];
    const childDone = gate();
    let child: Promise<void> | undefined;
    await lock.runExclusive(() => {
      child = lock.runExclusive(async () => {
        await childDone.promise;
        log.push('child');
      });
    });
    const outsider = lock.runExclusive(() => log.push('outsider'));
    await settle();
    expect(lock.query()).toMatchObject({ mode: 'exclusive', waiting: { exclusive: 1 } });
    childDone.open();
    await Promise.all([child, outsider]);
    expect(log).toEqual(['child', 'outsider']);
  });

  it('still refuses to upgrade shared to exclusive', async () => {
    const lock = new ReadWriteLock({ reentrant: true });
    const error = await lock.runShared(() => lock.runExclusive(() => 1)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'LOCK_REENTRANCY', heldMode: 'shared', requestedMode: 'exclusive' });
    expect((error as Error).message).toMatch(/cannot be upgraded/);
  });
});
