import { InvalidArgumentError } from '@soni/core';
import type { LockStrategy } from '@soni/core';
import { describe, expect, it } from 'vitest';
import { LockConfigError } from './errors';
import { MutexLock } from './mutex-lock';
import { NoopLock } from './noop-lock';
import { ReadWriteLock } from './read-write-lock';

const locks: [string, () => LockStrategy][] = [
  ['MutexLock', () => new MutexLock()],
  ['ReadWriteLock', () => new ReadWriteLock()],
  ['NoopLock', () => new NoopLock()],
];

describe.each(locks)('%s: bad arguments reject with InvalidArgumentError and run nothing', (_name, create) => {
  const bad: [string, unknown, RegExp][] = [
    ['a negative timeoutMs', { timeoutMs: -1 }, /timeoutMs.*-1/],
    ['a NaN timeoutMs', { timeoutMs: Number.NaN }, /timeoutMs.*NaN/],
    ['an infinite timeoutMs', { timeoutMs: Number.POSITIVE_INFINITY }, /timeoutMs.*Infinity/],
    ['a string timeoutMs', { timeoutMs: '5' }, /timeoutMs.*'5'/],
    ['a signal that is not an AbortSignal', { signal: { aborted: false } }, /signal.*object/],
    ['options that are not an object', 'fast', /options.*'fast'/],
  ];

  it.each(bad)('%s', async (_label, options, message) => {
    let ran = false;
    const call = create().runExclusive(() => (ran = true), options as never);
    await expect(call).rejects.toThrow(message);
    await expect(call).rejects.toSatisfy((e) => InvalidArgumentError.isInstance(e) && e instanceof TypeError);
    expect(ran).toBe(false);
  });

  it('a function that is not a function', async () => {
    await expect(create().runShared(42 as never)).rejects.toThrow(/the function to run under the lock must be a function, got 42/);
  });

  it('accepts timeoutMs: 0 and a real signal', async () => {
    const signal = new AbortController().signal;
    expect(await create().runExclusive(() => 'ok', { timeoutMs: 0, signal })).toBe('ok');
  });
});

describe('constructor options', () => {
  it.each([
    [{ timeoutMs: -5 }, /timeoutMs: -5/],
    [{ reentrant: 'yes' }, /reentrant: 'yes'; expected true or false/],
    [{ detectReentrancy: 1 }, /detectReentrancy: 1/],
    [{ reentrant: true, detectReentrancy: false }, /true when reentrant is true/],
    [{ timeout: 5 }, /field: 'timeout'; expected one of 'timeoutMs', 'reentrant', 'detectReentrancy'/],
  ])('%o throws LockConfigError', (options, message) => {
    for (const Lock of [MutexLock, ReadWriteLock]) {
      expect(() => new Lock(options as never)).toThrow(message);
      expect(() => new Lock(options as never)).toThrow(LockConfigError);
    }
  });

  it('timeoutMs: 0 makes a try-lock that fails at once when busy', async () => {
    const lock = new MutexLock({ timeoutMs: 0 });
    let release!: () => void;
    const holder = lock.runExclusive(() => new Promise<void>((resolve) => (release = resolve)));
    await expect(lock.runExclusive(() => 'never')).rejects.toMatchObject({ code: 'LOCK_TIMEOUT', timeoutMs: 0 });
    release();
    await holder;
    expect(await lock.runExclusive(() => 'free now')).toBe('free now');
  });
});
