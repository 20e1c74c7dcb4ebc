import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
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

  it('rejects an environment that is not an object, a blank variable name and a non-string value', () => {
    for (const env of [null, [], 'SONI_LOCK=mutex']) {
      expect(() => lockFromEnv(env as never)).toThrow(/^Invalid lock environment: .*; expected an object of variables such as process\.env$/);
    }
    for (const variable of ['', '  ', 42]) {
      expect(() => lockFromEnv({}, variable as never)).toThrow(/^Invalid lock variable name: .*; expected a non-empty string such as 'SONI_LOCK'$/);
    }
    expect(() => lockFromEnv({ SONI_LOCK: 5 } as never)).toThrow(/^Invalid lock SONI_LOCK: 5; expected a string, got 5$/);
    expect(lockFromEnv({ SONI_LOCK: undefined })).toBeInstanceOf(NoopLock);
  });

  it('a bad description names the variable and the part, and keeps the original error as cause', () => {
    let error: unknown;
    try {
      lockFromEnv({ MY_LOCK: 'mutex?timeoutMs=soon' }, 'MY_LOCK');
    } catch (caught) {
      error = caught;
    }
    expect(LockConfigError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ field: 'MY_LOCK (timeoutMs)', value: 'soon' });
    expect(LockConfigError.isInstance((error as Error).cause)).toBe(true);
  });

  it('createLock refuses a config that is neither a string nor an object, saying what it accepts', () => {
    for (const config of [42, null, ['mutex'], undefined]) {
      expect(() => createLock(config as never)).toThrow(/^Invalid lock config: .*; expected a lock kind \('mutex', 'rwlock', 'none'\), a string such as 'rwlock\?timeoutMs=500', or \{ kind, timeoutMs\?, reentrant\? \}$/);
    }
  });

  it('reads starvationWarningMs from a configuration string as milliseconds', () => {
    expect(parseLockConfig('rwlock?starvationWarningMs=50&detectReentrancy=true')).toEqual({ kind: 'rwlock', starvationWarningMs: 50, detectReentrancy: true });
    expect(createLock('rwlock?starvationWarningMs=50')).toBeInstanceOf(ReadWriteLock);
  });

  it('names the variable and the valid values in its error', () => {
    expect(() => lockFromEnv({ SONI_LOCK: 'fast' })).toThrow(
      "Invalid lock SONI_LOCK (kind): 'fast'; expected one of 'mutex', 'rwlock', 'none'",
    );
    expect(() => lockFromEnv({ SONI_LOCK: 'fast' })).toThrow(LockConfigError);
  });
});

describe('configuration strings and lockFromEnv at the boundary (issue #11)', () => {
  it('rejects a doubled ? and names the part', () => {
    expect(() => parseLockConfig('rwlock??timeoutMs=5')).toThrow(/Invalid lock parameters: '\?timeoutMs=5'; expected one '\?'/);
  });

  it('reports an over-long number as the text given, not as Infinity', () => {
    const digits = '9'.repeat(400);
    let caught: unknown;
    try {
      parseLockConfig(`mutex?timeoutMs=${digits}`);
    } catch (error) {
      caught = error;
    }
    expect(LockConfigError.isInstance(caught)).toBe(true);
    expect((caught as Error).message).not.toMatch(/Infinity/);
    expect((caught as LockConfigError).value).toBe(digits);
  });

  it('rejects a parameter without a value, an empty name and bad percent-encoding', () => {
    expect(() => parseLockConfig('mutex?timeoutMs=')).toThrow(LockConfigError);
    expect(() => parseLockConfig('mutex?=5')).toThrow(LockConfigError);
    expect(() => parseLockConfig('mutex?timeoutMs=%E0%A4%A')).toThrow(/valid percent-encoding/);
  });

  it('honours timeouts beyond 24.8 days written in a config string', () => {
    expect(parseLockConfig('rwlock?timeoutMs=3000000000')).toEqual({ kind: 'rwlock', timeoutMs: 3_000_000_000 });
    expect(createLock('rwlock?timeoutMs=3000000000')).toBeInstanceOf(ReadWriteLock);
  });

  it('escapes control characters of the config text in the error message', () => {
    expect(() => parseLockConfig('mu\ntex')).toThrow(LockConfigError);
    try {
      lockFromEnv({ SONI_LOCK: 'spin\u001b[31m' });
    } catch (error) {
      // eslint-disable-next-line no-control-regex -- checking that the raw escape did not leak
      expect((error as Error).message).not.toMatch(/\u001b/);
    }
  });

  it.each([
    [null, undefined, /environment: null/],
    ['SONI_LOCK=rwlock', undefined, /environment: 'SONI_LOCK=rwlock'/],
    [{}, 5, /variable name: 5/],
    [{}, '', /variable name: ''/],
    [{ SONI_LOCK: 42 }, undefined, /SONI_LOCK: 42/],
  ])('lockFromEnv(%o, %o) throws LockConfigError instead of a raw TypeError or a silent default', (env, variable, message) => {
    expect(() => lockFromEnv(env as never, variable as never)).toThrow(message);
    expect(() => lockFromEnv(env as never, variable as never)).toThrow(LockConfigError);
  });

  it('a redis:// URL without @soni/locking-redis installed says what to install', () => {
    // Under vitest the workspace's source aliases resolve every @soni package, so the missing
    // package is simulated where users meet it: plain Node loading the built @soni/locking
    // from its own folder, where @soni/locking-redis is not a dependency.
    const script = [
      "const { lockFromEnv, createLock, LockConfigError } = await import('@soni/locking');",
      'const out = [];',
      "for (const attempt of [() => lockFromEnv({ SONI_LOCK: 'redis://127.0.0.1:6379/0?mode=rwlock' }), () => createLock('redis://127.0.0.1:6379')]) {",
      '  try { attempt(); out.push("created"); } catch (error) { out.push({ config: LockConfigError.isInstance(error), message: error.message }); }',
      '}',
      'console.log(JSON.stringify(out));',
    ].join('\n');
    // A clean environment: vitest's own (NODE_OPTIONS, loaders) would resolve the workspace sources.
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      encoding: 'utf8',
      env: { PATH: process.env.PATH },
    });
    expect(result.status, result.stderr).toBe(0);
    const outcomes = JSON.parse(result.stdout) as { config: boolean; message: string }[];
    expect(outcomes, result.stdout).toHaveLength(2);
    for (const outcome of outcomes) {
      expect(outcome.config).toBe(true);
      expect(outcome.message).toMatch(/needs @soni\/locking-redis \(npm install @soni\/locking-redis/);
    }
    expect(() => parseLockConfig('redis://127.0.0.1:6379')).toThrow(/pass a redis:\/\/ URL to createLock or lockFromEnv/);
  });

  it('accepts a configuration string in createLock too', () => {
    const lock = createLock('mutex?timeoutMs=0');
    expect(lock).toBeInstanceOf(MutexLock);
  });
});
