import { describe, expect, expectTypeOf, it } from 'vitest';
import { createLock } from './create-lock';
import { LockConfigError } from './errors';
import { LOCK_KINDS, isLockKind, parseLockConfig } from './lock-config';
import { lockFromEnv } from './lock-from-env';
import { MutexLock } from './mutex-lock';
import { NoopLock } from './noop-lock';
import { ReadWriteLock } from './read-write-lock';

describe('createLock', () => {
  it('creates each kind from its name', () => {
    expect(createLock('mutex')).toBeInstanceOf(MutexLock);
    expect(createLock('rwlock')).toBeInstanceOf(ReadWriteLock);
    expect(createLock('none')).toBeInstanceOf(NoopLock);
    expect(LOCK_KINDS.map((kind) => createLock(kind).kind)).toEqual(['mutex', 'rwlock', 'none']);
  });

  it('returns the class of the kind it was given', () => {
    expectTypeOf(createLock('rwlock')).toEqualTypeOf<ReadWriteLock>();
    expectTypeOf(createLock({ kind: 'mutex', timeoutMs: 5 })).toEqualTypeOf<MutexLock>();
  });

  it('applies timeoutMs and reentrant from a config object', async () => {
    const lock = createLock({ kind: 'mutex', timeoutMs: 0, reentrant: true });
    let release!: () => void;
    const holder = lock.runExclusive(async () => {
      await lock.runExclusive(() => 'nested is fine');
      await new Promise<void>((resolve) => (release = resolve));
    });
    await new Promise((resolve) => setImmediate(resolve));
    await expect(lock.runExclusive(() => 1)).rejects.toMatchObject({ code: 'LOCK_TIMEOUT' });
    release();
    await holder;
  });

  it.each([
    ['mutexx', /Invalid lock kind: 'mutexx'; expected one of 'mutex', 'rwlock', 'none'/],
    [{ kind: 'spin' }, /kind: 'spin'/],
    [{ kind: 'rwlock', timeoutMs: -1 }, /timeoutMs: -1/],
    [{ kind: 'none', reentrant: 'no' }, /reentrant: 'no'/],
    [{ kind: 'mutex', retries: 3 }, /'retries'/],
    [null, /config: null/],
  ])('rejects %o with LockConfigError naming the valid values', (config, message) => {
    expect(() => createLock(config as never)).toThrow(message);
    const error = (() => {
      try {
        createLock(config as never);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(LockConfigError.isInstance(error) && error instanceof TypeError).toBe(true);
    expect(error).toMatchObject({ code: 'LOCK_CONFIG' });
  });

  it('isLockKind tells kinds apart', () => {
    expect(['mutex', 'rwlock', 'none', 'MUTEX', '', 1].map(isLockKind)).toEqual([true, true, true, false, false, false]);
  });
});

describe('parseLockConfig', () => {
  it.each([
    ['rwlock', { kind: 'rwlock' }],
    ['  none ', { kind: 'none' }],
    ['mutex?timeoutMs=500', { kind: 'mutex', timeoutMs: 500 }],
    ['mutex?timeoutMs=500&reentrant=true', { kind: 'mutex', timeoutMs: 500, reentrant: true }],
    ['rwlock?detectReentrancy=false', { kind: 'rwlock', detectReentrancy: false }],
    ['rwlock?timeoutMs=2.5', { kind: 'rwlock', timeoutMs: 2.5 }],
  ])('%s', (text, expected) => {
    expect(parseLockConfig(text)).toEqual(expected);
  });

  it.each([
    ['semaphore', /kind: 'semaphore'; expected one of 'mutex', 'rwlock', 'none'/],
    ['mutex?timeoutMs=-1', /timeoutMs: '-1'/],
    ['mutex?timeoutMs=soon', /timeoutMs: 'soon'/],
    ['mutex?reentrant=yes', /reentrant: 'yes'; expected 'true' or 'false'/],
    ['mutex?wait=1', /parameter: 'wait'; expected one of 'timeoutMs', 'reentrant', 'detectReentrancy'/],
    ['mutex?timeoutMs=1&timeoutMs=2', /each parameter at most once/],
  ])('%s throws LockConfigError', (text, message) => {
    expect(() => parseLockConfig(text)).toThrow(message);
    expect(() => parseLockConfig(text)).toThrow(LockConfigError);
  });
});

describe('lockFromEnv', () => {
  it('reads SONI_LOCK from process.env by default', () => {
    const previous = process.env.SONI_LOCK;
    process.env.SONI_LOCK = 'rwlock';
    try {
      expect(lockFromEnv()).toBeInstanceOf(ReadWriteLock);
    } finally {
      if (previous === undefined) delete process.env.SONI_LOCK;
      else process.env.SONI_LOCK = previous;
    }
  });

  it('reads another variable from another env', async () => {
    const lock = lockFromEnv({ APP_LOCK: 'mutex?timeoutMs=0' }, 'APP_LOCK');
    expect(lock).toBeInstanceOf(MutexLock);
    let release!: () => void;
    const holder = lock.runExclusive(() => new Promise<void>((resolve) => (release = resolve)));
    await expect(lock.runExclusive(() => 1)).rejects.toMatchObject({ code: 'LOCK_TIMEOUT' });
    release();
    await holder;
  });

  it('gives a NoopLock when the variable is unset or blank', () => {
    expect(lockFromEnv({})).toBeInstanceOf(NoopLock);
    expect(lockFromEnv({ SONI_LOCK: '  ' })).toBeInstanceOf(NoopLock);
  });

  it('names the variable and the valid values in its error', () => {
    expect(() => lockFromEnv({ SONI_LOCK: 'fast' })).toThrow(
      "Invalid lock SONI_LOCK (kind): 'fast'; expected one of 'mutex', 'rwlock', 'none'",
    );
    expect(() => lockFromEnv({ SONI_LOCK: 'fast' })).toThrow(LockConfigError);
  });
});
