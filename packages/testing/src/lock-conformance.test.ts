import { describe, expect, it } from 'vitest';
import { lockConformanceScenarios, lockConformanceSuite, runLockConformance } from './lock-conformance/index';
import type { LockOptions, LockStrategy } from '@soni/core';
import type { LockCapabilities } from './lock-conformance/index';
import { ReferenceLock, noopLock } from './reference-lock.fixture';

const mutexCaps: LockCapabilities = { fifo: true, timeouts: true, abort: true, selfDeadlockDetection: true, asyncContext: true };
const rwCaps: LockCapabilities = {
  sharedConcurrency: true,
  writerPreference: true,
  fifo: true,
  timeouts: true,
  abort: true,
  selfDeadlockDetection: true,
  asyncContext: true,
};

// The suite itself, registered through vitest's describe/it, on correct reference locks.
lockConformanceSuite({ describe, it }, 'reference mutex', () => new ReferenceLock(), mutexCaps);
lockConformanceSuite({ describe, it }, 'reference read-write lock', () => new ReferenceLock({ shared: true, writerPreference: true }), rwCaps);
lockConformanceSuite({ describe, it }, 'reference re-entrant mutex', () => new ReferenceLock({ nested: 'allow' }), { fifo: true, reentrancy: true });
lockConformanceSuite({ describe, it }, 'no-op lock claiming nothing', noopLock, { mutualExclusion: false });

// The deadline only bounds a lock that really hangs; it is generous so that a loaded machine
// (CI runs every package at once) does not turn a slow but correct scenario into a failure.
const failedClaims = async (factory: () => LockStrategy, caps: LockCapabilities): Promise<string[]> => {
  const report = await runLockConformance(factory, caps, { deadlineMs: 2_000 });
  return [...new Set(report.failed.map((f) => f.claim))].sort();
};

describe('lock conformance catches broken locks', () => {
  it('registers only the tests of claimed capabilities', () => {
    const claims = (caps: LockCapabilities) => new Set(lockConformanceScenarios(() => new ReferenceLock(), caps).map((s) => s.claim));
    expect([...claims({ mutualExclusion: false })]).toEqual(['basic']);
    const all = claims(rwCaps);
    for (const claim of ['basic', 'mutualExclusion', 'sharedConcurrency', 'fifo', 'writerPreference', 'timeouts', 'abort', 'selfDeadlockDetection', 'asyncContext']) {
      expect(all.has(claim as never), claim).toBe(true);
    }
    expect(all.has('reentrancy')).toBe(false);
  });

  it('registers exactly the scenarios of each claim, each with its own name', () => {
    const byClaim = (caps: LockCapabilities): Record<string, string[]> => {
      const out: Record<string, string[]> = {};
      for (const { claim, name } of lockConformanceScenarios(() => new ReferenceLock(), caps)) (out[claim] ??= []).push(name);
      return out;
    };
    const basic = [
      'has a non-empty string kind',
      'resolves to the result of sync and async functions in both modes',
      "rejects with the function's own error, sync or async, and releases the lock",
      'runs every function exactly once under load',
    ];
    const exclusion = [
      'never lets two exclusive holders overlap',
      'loses no update in a read-await-write counter',
      'keeps shared holders out while an exclusive holder runs, and the reverse',
      'a grant from the queue holds the lock too: a later request waits for it',
    ];
    const giveUp = (kind: string): string[] => [
      `a waiter that gives up (${kind}) leaves the holder alone: a later request still waits for the holder`,
      `a waiter that gives up (${kind}) from the middle of the queue keeps the others queued, in order`,
    ];
    expect(byClaim(rwCaps)).toEqual({
      basic,
      mutualExclusion: exclusion,
      sharedConcurrency: ['lets shared holders run at the same time'],
      fifo: ['grants the exclusive lock to waiters in the order they asked'],
      writerPreference: ['makes new shared requests wait behind a queued exclusive waiter'],
      timeouts: [
        "rejects a waiter with code 'LOCK_TIMEOUT' after timeoutMs, never runs it, and stays usable",
        'acquires at once with timeoutMs when the lock is free',
        'timeoutMs: 0 is a try-lock: granted when free, refused at once (before any timer) when busy',
        ...giveUp('timeout'),
      ],
      abort: [
        "rejects with code 'LOCK_ABORTED' without running fn when the signal is already aborted",
        "rejects a waiter with code 'LOCK_ABORTED' when its signal aborts, and the lock stays usable",
        ...giveUp('abort'),
      ],
      selfDeadlockDetection: ["rejects a nested runExclusive with code 'LOCK_REENTRANCY' instead of hanging"],
      asyncContext: ["runs each queued function in its own caller's AsyncLocalStorage context"],
    });
    expect(byClaim({ reentrancy: true })).toEqual({
      basic,
      mutualExclusion: exclusion,
      sharedConcurrency: ['serialises shared holders (no shared concurrency claimed)'],
      reentrancy: ['re-enters runExclusive nested in the same call chain', 'still excludes other call chains while re-entered'],
    });
    expect(byClaim({ mutualExclusion: false })).toEqual({ basic });
    expect(() => lockConformanceScenarios(() => new ReferenceLock(), { fifo: true, mutualExclusion: false })).toThrow(/fifo needs mutualExclusion/);
    expect(() => lockConformanceScenarios(() => new ReferenceLock(), { timeouts: 'yes' } as never)).toThrow(
      "lock conformance: capability 'timeouts' must be a boolean; got 'yes'",
    );
    expect(() => lockConformanceScenarios(() => new ReferenceLock(), null as never)).toThrow(/lock conformance: capabilities/);
  });

  it('passes a correct lock that grants only after a macrotask, as a remote lock does', async () => {
    const later = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
    const remote = (): LockStrategy => {
      const inner = new ReferenceLock();
      return {
        kind: 'remote-like',
        runExclusive: async (fn, options) => { await later(); return inner.runExclusive(fn, options); },
        runShared: async (fn, options) => { await later(); return inner.runShared(fn, options); },
      };
    };
    const report = await runLockConformance(remote, { fifo: true, abort: true, selfDeadlockDetection: true, asyncContext: true });
    expect(report.failed).toEqual([]);
  });

  it('passes every scenario of the correct reference locks', async () => {
    expect((await runLockConformance(() => new ReferenceLock(), mutexCaps)).failed).toEqual([]);
    expect((await runLockConformance(() => new ReferenceLock({ shared: true, writerPreference: true }), rwCaps)).failed).toEqual([]);
  });

  it('fails a no-op lock that claims mutual exclusion', async () => {
    const report = await runLockConformance(noopLock, {}, { deadlineMs: 300 });
    const names = report.failed.map((f) => f.name);
    expect(names).toContain('never lets two exclusive holders overlap');
    expect(names).toContain('loses no update in a read-await-write counter');
    const messages = report.failed.map((f) => String(f.error));
    expect(messages).toContainEqual(expect.stringMatching(/\d+ exclusive holders ran at the same time/));
    expect(messages).toContainEqual(expect.stringMatching(/lost \d+ update\(s\)/));
    expect(report.failed.every((f) => f.claim !== 'basic')).toBe(true);
  });

  it('fails a lock that keeps itself locked after an error', async () => {
    expect(await failedClaims(() => new ReferenceLock({ leakOnError: true }), {})).toContain('basic');
  });

  it('fails a LIFO lock that claims FIFO', async () => {
    const report = await runLockConformance(() => new ReferenceLock({ order: 'lifo' }), { fifo: true }, { deadlineMs: 2_000 });
    expect(report.failed.map((f) => f.claim)).toEqual(['fifo']);
    expect(String(report.failed[0]?.error)).toMatch(/waiters did not acquire in request order/);
  });

  it('fails a reader-preferring lock that claims writer preference', async () => {
    const caps = { sharedConcurrency: true, writerPreference: true };
    const report = await runLockConformance(() => new ReferenceLock({ shared: true }), caps, { deadlineMs: 2_000 });
    expect(report.failed.map((f) => f.claim)).toEqual(['writerPreference']);
    expect(String(report.failed[0]?.error)).toMatch(/a new reader overtook the queued writer while the first reader held the lock/);
  });

  it('fails a mutex that claims shared concurrency, and a read-write lock that does not', async () => {
    expect(await failedClaims(() => new ReferenceLock(), { sharedConcurrency: true })).toEqual(['sharedConcurrency']);
    const overlapping = await runLockConformance(() => new ReferenceLock({ shared: true }), {}, { deadlineMs: 2_000 });
    expect(overlapping.failed.map((f) => f.claim)).toEqual(['sharedConcurrency']);
    expect(String(overlapping.failed[0]?.error)).toMatch(/\d+ shared holders overlapped on a lock that does not claim shared concurrency/);
  });

  it('fails a lock whose grants from the queue do not mark it held', async () => {
    const names = (await runLockConformance(() => new ReferenceLock({ queuedGrantUnmarked: true }), {}, { deadlineMs: 2_000 })).failed.map((f) => f.name);
    expect(names).toContain('a grant from the queue holds the lock too: a later request waits for it');
  });

  it('fails a lock where a waiter giving up frees the holder, or drops the waiters ahead of it', async () => {
    const caps = { timeouts: true, abort: true };
    const freesHolder = await runLockConformance(() => new ReferenceLock({ giveUp: 'frees-holder' }), caps, { deadlineMs: 300 });
    expect(freesHolder.failed.map((f) => f.name)).toEqual(
      expect.arrayContaining([
        'a waiter that gives up (timeout) leaves the holder alone: a later request still waits for the holder',
        'a waiter that gives up (abort) leaves the holder alone: a later request still waits for the holder',
      ]),
    );
    const dropsAhead = await runLockConformance(() => new ReferenceLock({ giveUp: 'drops-ahead' }), caps, { deadlineMs: 300 });
    expect(dropsAhead.failed.map((f) => f.name)).toEqual([
      'a waiter that gives up (timeout) from the middle of the queue keeps the others queued, in order',
      'a waiter that gives up (abort) from the middle of the queue keeps the others queued, in order',
    ]);
  });

  it('fails a try-lock (timeoutMs: 0) that waits for a timer instead of failing at once', async () => {
    const report = await runLockConformance(() => new ReferenceLock({ tryLockWaits: true }), { timeouts: true }, { deadlineMs: 300 });
    expect(report.failed.map((f) => f.name)).toEqual(['timeoutMs: 0 is a try-lock: granted when free, refused at once (before any timer) when busy']);
  });

  it('fails locks that ignore timeouts or abort signals they claim to honour', async () => {
    const names = async (factory: () => LockStrategy, caps: LockCapabilities): Promise<string[]> =>
      (await runLockConformance(factory, caps, { deadlineMs: 2_000 })).failed.map((f) => f.name);
    expect(await names(() => new ReferenceLock({ ignoreTimeouts: true }), { timeouts: true })).toEqual([
      "rejects a waiter with code 'LOCK_TIMEOUT' after timeoutMs, never runs it, and stays usable",
      'timeoutMs: 0 is a try-lock: granted when free, refused at once (before any timer) when busy',
      'a waiter that gives up (timeout) leaves the holder alone: a later request still waits for the holder',
      'a waiter that gives up (timeout) from the middle of the queue keeps the others queued, in order',
    ]);
    expect(await names(() => new ReferenceLock({ ignoreAbort: true }), { abort: true })).toEqual([
      "rejects with code 'LOCK_ABORTED' without running fn when the signal is already aborted",
      "rejects a waiter with code 'LOCK_ABORTED' when its signal aborts, and the lock stays usable",
      'a waiter that gives up (abort) leaves the holder alone: a later request still waits for the holder',
      'a waiter that gives up (abort) from the middle of the queue keeps the others queued, in order',
    ]);
  });

  it('fails a lock that deadlocks on nested acquisition while claiming detection or reentrancy', async () => {
    expect(await failedClaims(() => new ReferenceLock({ nested: 'deadlock' }), { selfDeadlockDetection: true })).toEqual(['selfDeadlockDetection']);
    const reentrancy = ['re-enters runExclusive nested in the same call chain', 'still excludes other call chains while re-entered'];
    const failedNames = async (factory: () => LockStrategy): Promise<string[]> =>
      (await runLockConformance(factory, { reentrancy: true }, { deadlineMs: 2_000 })).failed.map((f) => f.name);
    expect(await failedNames(() => new ReferenceLock({ nested: 'deadlock' }))).toEqual(reentrancy);
    expect(await failedNames(() => new ReferenceLock({ nested: 'detect' }))).toEqual(reentrancy);
  });

  it('fails a lock that claims reentrancy by coordinating nothing', async () => {
    const report = await runLockConformance(noopLock, { mutualExclusion: false, reentrancy: true }, { deadlineMs: 2_000 });
    expect(report.failed.map((f) => f.name)).toEqual(['still excludes other call chains while re-entered']);
    expect(String(report.failed[0]?.error)).toMatch(/another call chain entered while the lock was held re-entrantly/);
  });

  it('fails a lock whose releaser starts the next queued function (async-lock style) while claiming asyncContext', async () => {
    const releaserRunsNext = (): LockStrategy => {
      const queue: (() => void)[] = [];
      let busy = false;
      const run = <T>(fn: () => T | PromiseLike<T>): Promise<T> =>
        new Promise<T>((resolve, reject) => {
          const start = (): void => {
            busy = true;
            Promise.resolve()
              .then(fn)
              .then(resolve, reject)
              .finally(() => {
                busy = false;
                queue.shift()?.();
              });
          };
          if (busy) queue.push(start);
          else start();
        });
      return { kind: 'releaser-runs-next', runExclusive: run, runShared: run };
    };
    const report = await runLockConformance(releaserRunsNext, { asyncContext: true }, { deadlineMs: 2_000 });
    expect(report.failed.map((f) => f.claim)).toEqual(['asyncContext']);
    expect(String(report.failed[0]?.error)).toMatch(/queued functions ran in another request's context: request-1 ran in request-0; request-2 ran in request-0/);
  });

  /** A correct reference mutex with some of its methods replaced. */
  const alteredLock = (alter: (inner: ReferenceLock) => Partial<LockStrategy>) => (): LockStrategy => {
    const inner = new ReferenceLock();
    return {
      kind: inner.kind,
      runExclusive: (fn, options) => inner.runExclusive(fn, options),
      runShared: (fn, options) => inner.runShared(fn, options),
      ...alter(inner),
    };
  };
  const failedNames = async (factory: () => LockStrategy, caps: LockCapabilities): Promise<string[]> =>
    (await runLockConformance(factory, caps, { deadlineMs: 2_000 })).failed.map((f) => f.name);

  it('fails a lock without a non-empty string kind', async () => {
    const report = await runLockConformance(alteredLock(() => ({ kind: '' })), {}, { deadlineMs: 2_000 });
    expect(report.failed.map((f) => f.name)).toEqual(['has a non-empty string kind']);
    expect(String(report.failed[0]?.error)).toMatch(/kind must not be empty/);
  });

  it('fails a lock that loses results, wraps errors, or runs a function twice', async () => {
    expect(
      await failedNames(
        alteredLock((inner) => ({
          runExclusive: async (fn, options) => { await inner.runExclusive(fn, options); return undefined as never; },
        })),
        {},
      ),
    ).toContain('resolves to the result of sync and async functions in both modes');
    expect(
      await failedNames(
        alteredLock((inner) => ({
          runShared: (fn, options) => inner.runShared(fn, options).catch((error: unknown) => { throw new Error(`wrapped: ${String(error)}`); }),
        })),
        {},
      ),
    ).toEqual(["rejects with the function's own error, sync or async, and releases the lock"]);
    expect(
      await failedNames(
        alteredLock((inner) => ({
          runShared: (fn, options) => inner.runShared(async () => { await fn(); return fn(); }, options),
        })),
        {},
      ),
    ).toEqual(['runs every function exactly once under load']);
  });

  it('fails a lock that gives up long before timeoutMs, or with another code', async () => {
    const early = alteredLock((inner) => ({
      runExclusive: (fn, options) => inner.runExclusive(fn, options?.timeoutMs === undefined || options.timeoutMs === 0 ? options : { ...options, timeoutMs: 1 }),
    }));
    expect(await failedNames(early, { timeouts: true })).toEqual(["rejects a waiter with code 'LOCK_TIMEOUT' after timeoutMs, never runs it, and stays usable"]);
    const report = await runLockConformance(
      alteredLock((inner) => ({
        runExclusive: (fn, options) =>
          inner.runExclusive(fn, options).catch((error: unknown) => {
            throw (error as { code?: unknown }).code === 'LOCK_TIMEOUT' ? Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' }) : error;
          }),
      })),
      { timeouts: true },
    );
    expect(report.failed.length).toBeGreaterThan(0);
    expect(report.failed.every((f) => f.claim === 'timeouts')).toBe(true);
    expect(String(report.failed[0]?.error)).toMatch(/expected code 'LOCK_TIMEOUT', got Error: timed out/);
  });

  it('fails a lock that never grants, each scenario naming the step that made no progress', async () => {
    const never = (): LockStrategy => ({ kind: 'never-grants', runExclusive: () => new Promise(() => undefined), runShared: () => new Promise(() => undefined) });
    const report = await runLockConformance(never, { mutualExclusion: false }, { deadlineMs: 50 });
    expect(report.passed).toEqual(['has a non-empty string kind']);
    expect(report.failed.map((f) => String(f.error))).toEqual([
      'Error: runExclusive(sync) (no progress after 50 ms)',
      expect.stringContaining('Error: runExclusive(throws) (no progress after 50 ms)'),
      'Error: concurrent calls (no progress after 50 ms)',
    ]);
  });

  it('fails a read-write lock whose shared holders ignore an exclusive holder', async () => {
    const sharedIgnoresExclusive = (): LockStrategy => {
      const inner = new ReferenceLock({ shared: true });
      return { kind: 'shared-ignores-exclusive', runExclusive: (fn, options) => inner.runExclusive(fn, options), runShared: async (fn) => fn() };
    };
    const report = await runLockConformance(sharedIgnoresExclusive, { sharedConcurrency: true }, { deadlineMs: 2_000 });
    expect(report.failed.map((f) => f.name)).toEqual(['keeps shared holders out while an exclusive holder runs, and the reverse']);
    expect(String(report.failed[0]?.error)).toMatch(/a shared holder (ran|entered) while a exclusive holder/);
  });

  it('names the value a lock rejected with when it is not an error with a code', async () => {
    const rejectsNull = alteredLock((inner) => ({
      runExclusive: (fn, options) => inner.runExclusive(fn, options).catch((error: unknown) => {
        throw (error as { code?: unknown }).code === 'LOCK_TIMEOUT' ? null : error;
      }),
    }));
    const report = await runLockConformance(rejectsNull, { timeouts: true }, { deadlineMs: 2_000 });
    expect(report.failed.length).toBeGreaterThan(0);
    expect(String(report.failed[0]?.error)).toMatch(/expected code 'LOCK_TIMEOUT', got null/);
  });

  it('fails a lock that rejects a waiter that gave up but still runs its function later', async () => {
    const coded = (code: string): Error => Object.assign(new Error(code), { code });
    const racing = (): LockStrategy => {
      const inner = new ReferenceLock();
      const run = <T>(start: () => Promise<T>, options: LockOptions | undefined): Promise<T> => {
        const running = start();
        running.catch(() => undefined);
        return new Promise<T>((resolve, reject) => {
          running.then(resolve, reject);
          if (options?.signal?.aborted === true) reject(coded('LOCK_ABORTED'));
          options?.signal?.addEventListener('abort', () => { reject(coded('LOCK_ABORTED')); });
          if (options?.timeoutMs !== undefined) setTimeout(() => { reject(coded('LOCK_TIMEOUT')); }, options.timeoutMs);
        });
      };
      return {
        kind: 'gives-up-but-runs',
        runExclusive: (fn, options) => run(() => inner.runExclusive(fn), options),
        runShared: (fn, options) => run(() => inner.runShared(fn), options),
      };
    };
    const report = await runLockConformance(racing, { timeouts: true, abort: true }, { deadlineMs: 2_000 });
    const failures = Object.fromEntries(report.failed.map((f) => [f.name, String(f.error)]));
    expect(failures["rejects a waiter with code 'LOCK_TIMEOUT' after timeoutMs, never runs it, and stays usable"]).toMatch(/a function ran although its wait timed out/);
    expect(failures["rejects with code 'LOCK_ABORTED' without running fn when the signal is already aborted"]).toMatch(/a function ran although its signal was already aborted/);
    expect(failures["rejects a waiter with code 'LOCK_ABORTED' when its signal aborts, and the lock stays usable"]).toMatch(/a function ran although its wait was aborted/);
  });

  it('fails a lock whose timeout timer outlives a grant and breaks the lock later', async () => {
    const staleTimer = (): LockStrategy => {
      const inner = new ReferenceLock();
      let broken = false;
      const guard = <T>(run: () => Promise<T>, timeoutMs: number | undefined): Promise<T> => {
        if (broken) return Promise.reject(new Error('broken by a stale timeout timer'));
        if (timeoutMs !== undefined && timeoutMs > 0) setTimeout(() => { broken = true; }, timeoutMs);
        return run();
      };
      return {
        kind: 'stale-timer',
        runExclusive: (fn, options) => guard(() => inner.runExclusive(fn, options), options?.timeoutMs),
        runShared: (fn, options) => guard(() => inner.runShared(fn, options), options?.timeoutMs),
      };
    };
    expect(await failedNames(staleTimer, { timeouts: true })).toContain('acquires at once with timeoutMs when the lock is free');
  });

  it('fails a lock that honours a signal only when it aborts during the wait, not before', async () => {
    const late = alteredLock((inner) => ({
      runExclusive: (fn, options) => inner.runExclusive(fn, options?.signal?.aborted === true ? {} : options),
    }));
    const report = await runLockConformance(late, { abort: true }, { deadlineMs: 2_000 });
    expect(report.failed.map((f) => f.name)).toEqual(["rejects with code 'LOCK_ABORTED' without running fn when the signal is already aborted"]);
    expect(String(report.failed[0]?.error)).toMatch(/expected a rejection with code 'LOCK_ABORTED', but it resolved/);
  });

  it('rejects contradictory or unknown capabilities at the boundary', () => {
    const make = () => new ReferenceLock();
    expect(() => lockConformanceScenarios(make, { reentrancy: true, selfDeadlockDetection: true })).toThrow(/both reentrancy and selfDeadlockDetection/);
    expect(() => lockConformanceScenarios(make, { writerPreference: true })).toThrow(/needs sharedConcurrency/);
    expect(() => lockConformanceScenarios(make, { fast: true } as never)).toThrow(/unknown option 'fast'/);
    expect(() => lockConformanceScenarios('nope' as never)).toThrow(/factory must be a function/);
  });

  it('fails when the factory does not return a lock', async () => {
    const report = await runLockConformance(() => ({}) as never, { mutualExclusion: false });
    expect(report.passed).toEqual([]);
    expect(String(report.failed[0]?.error)).toMatch(/must return a LockStrategy/);
  });
});
