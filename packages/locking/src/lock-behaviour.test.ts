/**
 * One behavioural suite for every lock variant, through factories. Each scenario returns an
 * observation; it must equal the expected one on every real lock it applies to, and differ on
 * a deliberately broken lock, which proves the scenario can catch the bug it is about.
 */
import type { LockStrategy } from '@soni/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FlawedLock, gate, settle } from './flawed-lock.fixture';
import { MutexLock } from './mutex-lock';
import { NoopLock } from './noop-lock';
import { ReadWriteLock } from './read-write-lock';

interface Queryable extends LockStrategy {
  query(): { waiting: { shared: number; exclusive: number } };
}

type Kind = 'mutex' | 'rwlock' | 'none';

const variants: { name: string; kind: Kind; create: () => Queryable }[] = [
  { name: 'MutexLock', kind: 'mutex', create: () => new MutexLock() },
  { name: 'MutexLock (detectReentrancy: false)', kind: 'mutex', create: () => new MutexLock({ detectReentrancy: false }) },
  { name: 'MutexLock (reentrant)', kind: 'mutex', create: () => new MutexLock({ reentrant: true }) },
  { name: 'ReadWriteLock', kind: 'rwlock', create: () => new ReadWriteLock() },
  { name: 'ReadWriteLock (detectReentrancy: false)', kind: 'rwlock', create: () => new ReadWriteLock({ detectReentrancy: false }) },
  { name: 'ReadWriteLock (reentrant)', kind: 'rwlock', create: () => new ReadWriteLock({ reentrant: true }) },
  { name: 'NoopLock', kind: 'none', create: () => new NoopLock() },
];

interface Scenario {
  readonly name: string;
  readonly kinds: readonly Kind[];
  readonly fakeTimers?: boolean;
  readonly run: (lock: Queryable) => Promise<unknown>;
  readonly expected: unknown;
  /** A broken lock the scenario must catch. */
  readonly broken: () => Queryable;
}

const code = (error: unknown): unknown => (error as { code?: unknown }).code;

/** Runs `count` calls at once; each counts how many run together, across a macrotask turn. */
async function maxConcurrency(count: number, call: (fn: () => Promise<void>) => Promise<void>): Promise<number> {
  let active = 0;
  let max = 0;
  const body = async (): Promise<void> => {
    active++;
    max = Math.max(max, active);
    await settle(1);
    active--;
  };
  await Promise.all(Array.from({ length: count }, () => call(body)));
  return max;
}

/** Settles `promise` into its value, its error code, or `'pending'` if it is still waiting. */
async function outcome(promise: Promise<unknown>): Promise<unknown> {
  let result: unknown = 'pending';
  promise.then(
    (value) => (result = value),
    (error: unknown) => (result = code(error) ?? error),
  );
  await settle();
  return result;
}

/** Resolves to `promise`'s value or its error's code, whenever it settles. */
const valueOrCode = (promise: Promise<unknown>): Promise<unknown> => promise.then((v) => v, code);

const scenarios: Scenario[] = [
  {
    name: 'runExclusive: one holder at a time',
    kinds: ['mutex', 'rwlock'],
    run: (lock) => maxConcurrency(4, (fn) => lock.runExclusive(fn)),
    expected: 1,
    broken: () => new FlawedLock('mutex', { unlocked: true }),
  },
  {
    name: 'mutex: runShared is exclusive too',
    kinds: ['mutex'],
    run: (lock) => maxConcurrency(4, (fn) => lock.runShared(fn)),
    expected: 1,
    broken: () => new FlawedLock('mutex', {}),
  },
  {
    name: 'rwlock: shared holders run together',
    kinds: ['rwlock'],
    run: (lock) => maxConcurrency(4, (fn) => lock.runShared(fn)),
    expected: 4,
    broken: () => new FlawedLock('rwlock', { sharedIsExclusive: true }),
  },
  {
    name: 'rwlock: a writer excludes readers',
    kinds: ['rwlock'],
    run: async (lock) => {
      const log: string[] = [];
      const held = gate();
      const writer = lock.runExclusive(async () => {
        log.push('W start');
        await held.promise;
        log.push('W end');
      });
      const readers = ['R1', 'R2'].map((name) => lock.runShared(() => log.push(name)));
      await settle();
      held.open();
      await Promise.all([writer, ...readers]);
      return log;
    },
    expected: ['W start', 'W end', 'R1', 'R2'],
    broken: () => new FlawedLock('rwlock', { unlocked: true }),
  },
  {
    name: 'waiters are granted in arrival order',
    kinds: ['mutex', 'rwlock'],
    run: async (lock) => {
      const log: string[] = [];
      const held = gate();
      const holder = lock.runExclusive(() => held.promise);
      const waiters = ['w1', 'w2', 'w3', 'w4'].map((name) => lock.runExclusive(() => log.push(name)));
      await settle();
      held.open();
      await Promise.all([holder, ...waiters]);
      return log;
    },
    expected: ['w1', 'w2', 'w3', 'w4'],
    broken: () => new FlawedLock('mutex', { lifo: true }),
  },
  {
    name: 'rwlock: a waiting writer goes before readers that arrive after it',
    kinds: ['rwlock'],
    run: async (lock) => {
      const log: string[] = [];
      const held = gate();
      const r1 = lock.runShared(async () => {
        log.push('R1');
        await held.promise;
        log.push('R1 end');
      });
      const w = lock.runExclusive(() => log.push('W'));
      const r2 = lock.runShared(() => log.push('R2'));
      await settle();
      held.open();
      await Promise.all([r1, w, r2]);
      return log;
    },
    expected: ['R1', 'R1 end', 'W', 'R2'],
    broken: () => new FlawedLock('rwlock', { readerPreferring: true }),
  },
  {
    name: 'rwlock: readers queued together are admitted together',
    kinds: ['rwlock'],
    run: async (lock) => {
      const log: string[] = [];
      const held = gate();
      const reader = (name: string) =>
        lock.runShared(async () => {
          log.push(`${name}+`);
          await settle(1);
          log.push(`${name}-`);
        });
      const w1 = lock.runExclusive(() => held.promise);
      const batch = ['R1', 'R2', 'R3'].map(reader);
      const w2 = lock.runExclusive(() => log.push('W2'));
      const r4 = reader('R4');
      await settle();
      held.open();
      await Promise.all([w1, ...batch, w2, r4]);
      return log;
    },
    expected: ['R1+', 'R2+', 'R3+', 'R1-', 'R2-', 'R3-', 'W2', 'R4+', 'R4-'],
    broken: () => new FlawedLock('rwlock', { sharedIsExclusive: true }),
  },
  {
    name: 'a timed-out waiter leaves the queue at once and never runs',
    kinds: ['mutex', 'rwlock'],
    fakeTimers: true,
    run: async (lock) => {
      const log: string[] = [];
      const held = gate();
      const holder = lock.runExclusive(() => held.promise);
      const late = lock.runExclusive(() => log.push('W1'), { timeoutMs: 50 });
      const patient = lock.runExclusive(() => log.push('W2'));
      const lateOutcome = outcome(late);
      await vi.advanceTimersByTimeAsync(50);
      const waitingAfter = lock.query().waiting;
      held.open();
      await Promise.all([holder, patient]);
      return { late: await lateOutcome, waitingAfter, log };
    },
    expected: { late: 'LOCK_TIMEOUT', waitingAfter: { shared: 0, exclusive: 1 }, log: ['W2'] },
    broken: () => new FlawedLock('mutex', { leakyTimeouts: true }),
  },
  {
    name: 'an aborted waiter leaves the queue at once, with the reason as cause',
    kinds: ['mutex', 'rwlock'],
    run: async (lock) => {
      const log: string[] = [];
      const held = gate();
      const controller = new AbortController();
      const reason = new Error('user cancelled');
      const holder = lock.runExclusive(() => held.promise);
      const cancelled = lock.runExclusive(() => log.push('W1'), { signal: controller.signal });
      const patient = lock.runExclusive(() => log.push('W2'));
      const error = cancelled.catch((e: unknown) => e);
      await settle();
      controller.abort(reason);
      const caught = (await error) as { code: string; cause: unknown };
      const waitingAfter = lock.query().waiting;
      held.open();
      await Promise.all([holder, patient]);
      return { code: caught.code, causeIsReason: caught.cause === reason, waitingAfter, log };
    },
    expected: { code: 'LOCK_ABORTED', causeIsReason: true, waitingAfter: { shared: 0, exclusive: 1 }, log: ['W2'] },
    broken: () => new FlawedLock('mutex', { leakyTimeouts: true }),
  },
  {
    name: 'rwlock: a writer that times out at the head lets the readers behind it in',
    kinds: ['rwlock'],
    fakeTimers: true,
    run: async (lock) => {
      const log: string[] = [];
      const held = gate();
      const r1 = lock.runShared(() => held.promise);
      const w = valueOrCode(lock.runExclusive(() => log.push('W'), { timeoutMs: 50 }));
      const r2 = lock.runShared(() => log.push('R2'));
      await vi.advanceTimersByTimeAsync(50);
      await settle();
      const whileR1Holds = [...log];
      held.open();
      await Promise.all([r1, r2]);
      return { writer: await w, whileR1Holds };
    },
    expected: { writer: 'LOCK_TIMEOUT', whileR1Holds: ['R2'] },
    broken: () => new FlawedLock('rwlock', { leakyTimeouts: true }),
  },
  {
    name: 'rwlock: a writer aborted at the head lets the readers behind it in',
    kinds: ['rwlock'],
    run: async (lock) => {
      const log: string[] = [];
      const held = gate();
      const controller = new AbortController();
      const r1 = lock.runShared(() => held.promise);
      const w = valueOrCode(lock.runExclusive(() => log.push('W'), { signal: controller.signal }));
      const r2 = lock.runShared(() => log.push('R2'));
      await settle();
      controller.abort();
      await settle();
      const whileR1Holds = [...log];
      held.open();
      await Promise.all([r1, r2]);
      return { writer: await w, whileR1Holds };
    },
    expected: { writer: 'LOCK_ABORTED', whileR1Holds: ['R2'] },
    broken: () => new FlawedLock('rwlock', { leakyTimeouts: true }),
  },
  {
    name: 'a default timeoutMs from the constructor applies to every call',
    kinds: ['mutex', 'rwlock'],
    fakeTimers: true,
    run: async (lock) => {
      const held = gate();
      const holder = lock.runExclusive(() => held.promise);
      const late = outcome(lock.runShared(() => 'ran'));
      await vi.advanceTimersByTimeAsync(100);
      held.open();
      await holder;
      return late;
    },
    expected: 'LOCK_TIMEOUT',
    broken: () => new FlawedLock('mutex', {}),
  },
  {
    name: 'an already-aborted signal rejects at once and the function never runs',
    kinds: ['mutex', 'rwlock', 'none'],
    run: async (lock) => {
      let ran = 0;
      const reason = new Error('too late');
      const signal = AbortSignal.abort(reason);
      const errors = await Promise.all(
        [lock.runExclusive(() => ran++, { signal }), lock.runShared(() => ran++, { signal })].map((p) =>
          p.then(
            () => 'resolved',
            (e: unknown) => e,
          ),
        ),
      );
      return { codes: errors.map(code), causes: errors.map((e) => (e as Error).cause === reason), ran };
    },
    expected: { codes: ['LOCK_ABORTED', 'LOCK_ABORTED'], causes: [true, true], ran: 0 },
    broken: () => new FlawedLock('none', { unlocked: true }),
  },
  {
    name: 'a throw or rejection releases the lock and rethrows the original error',
    kinds: ['mutex', 'rwlock', 'none'],
    run: async (lock) => {
      const syncError = new Error('sync');
      const asyncError = new Error('async');
      const rejection = (p: Promise<unknown>): Promise<unknown> => outcome(p.catch((e: unknown) => ({ error: e })));
      const first = await rejection(
        lock.runExclusive(() => {
          throw syncError;
        }),
      );
      const second = await rejection(
        lock.runShared(async () => {
          await settle(1);
          throw asyncError;
        }),
      );
      const after = await outcome(lock.runExclusive(() => 'after'));
      const same = (caught: unknown, original: Error): boolean => (caught as { error?: unknown }).error === original;
      return { first: same(first, syncError), second: same(second, asyncError), after };
    },
    expected: { first: true, second: true, after: 'after' },
    broken: () => new FlawedLock('mutex', { stuckOnError: true }),
  },
];

/** Lock variants that get a default timeout for the scenario that needs one. */
function withDefaultTimeout(variant: (typeof variants)[number]): Queryable {
  if (variant.kind === 'mutex') return new MutexLock({ timeoutMs: 100 });
  return new ReadWriteLock({ timeoutMs: 100 });
}

afterEach(() => {
  vi.useRealTimers();
});

describe.each(scenarios)('$name', (scenario) => {
  const applicable = variants.filter((v) => scenario.kinds.includes(v.kind));
  const create = (v: (typeof variants)[number]): Queryable =>
    scenario.name.startsWith('a default timeoutMs') ? withDefaultTimeout(v) : v.create();

  it.each(applicable)('holds on $name', async (variant) => {
    if (scenario.fakeTimers === true) vi.useFakeTimers();
    expect(await scenario.run(create(variant))).toEqual(scenario.expected);
  });

  it('fails on a deliberately broken lock', async () => {
    if (scenario.fakeTimers === true) vi.useFakeTimers();
    expect(await scenario.run(scenario.broken())).not.toEqual(scenario.expected);
  });
});
