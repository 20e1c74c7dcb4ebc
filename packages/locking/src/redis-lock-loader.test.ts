/**
 * How `createLock` and `lockFromEnv` load `@soni/locking-redis` for a redis:// URL, with the
 * module loader replaced so that every outcome of the load can be staged in-process.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { LockConfigError } from '@soni/core';

const load = vi.hoisted(() => ({ current: (_id: string): unknown => undefined, ids: [] as string[] }));

// Only createRequire is used by the code under test.
vi.mock('node:module', () => ({
  createRequire: () => (id: string) => {
    load.ids.push(id);
    return load.current(id);
  },
}));

const { createLock } = await import('./create-lock');
const { lockFromEnv } = await import('./lock-from-env');
const { isRedisLockUrl, parseLockConfig } = await import('./lock-config');

const redisLock = { kind: 'redis-mutex', runExclusive: () => Promise.resolve(), runShared: () => Promise.resolve() };

function caught(fn: () => unknown): LockConfigError & { cause?: unknown } {
  try {
    fn();
  } catch (error) {
    if (LockConfigError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a LockConfigError');
}

beforeEach(() => {
  load.ids = [];
});

describe('a redis:// URL', () => {
  it('is handed, trimmed, to @soni/locking-redis, whose lock is returned', () => {
    const urls: string[] = [];
    load.current = () => ({
      redisLockFromUrl: (url: string) => {
        urls.push(url);
        return redisLock;
      },
    });
    expect(createLock('  redis://127.0.0.1:6379  ' as never)).toBe(redisLock);
    expect(lockFromEnv({ SONI_LOCK: ' rediss://host:6380/0?mode=rwlock ' })).toBe(redisLock);
    expect(urls).toEqual(['redis://127.0.0.1:6379', 'rediss://host:6380/0?mode=rwlock']);
    expect(load.ids).toEqual(['@soni/locking-redis', '@soni/locking-redis']);
  });

  it('without @soni/locking-redis installed, says what to install, naming where the URL came from', () => {
    const missing = Object.assign(new Error("Cannot find module '@soni/locking-redis'"), { code: 'MODULE_NOT_FOUND' });
    load.current = () => {
      throw missing;
    };
    const fromCreate = caught(() => createLock('redis://host'));
    expect(fromCreate).toMatchObject({ field: 'kind', value: 'redis://host', cause: missing });
    expect(fromCreate.message).toContain('a redis:// URL needs @soni/locking-redis (npm install @soni/locking-redis ioredis)');
    expect(caught(() => lockFromEnv({ APP_LOCK: 'redis://host' }, 'APP_LOCK'))).toMatchObject({ field: 'APP_LOCK', cause: missing });
  });

  it('any other failure to load is passed on unchanged', () => {
    const broken = new SyntaxError('Unexpected token');
    load.current = () => {
      throw broken;
    };
    expect(() => createLock('redis://host')).toThrow(broken);
  });

  it('a module without redisLockFromUrl, or one that returns no lock, is a configuration error', () => {
    load.current = () => ({});
    expect(caught(() => createLock('redis://host')).message).toContain('a version of @soni/locking-redis that exports redisLockFromUrl');
    load.current = () => ({ redisLockFromUrl: () => ({ kind: 'half a lock' }) });
    expect(caught(() => createLock('redis://host')).message).toContain('a URL @soni/locking-redis turns into a lock');
  });

  it('is recognised only at the start of the text, in any case, after blanks', () => {
    expect(isRedisLockUrl('  REDIS://host')).toBe(true);
    expect(isRedisLockUrl('rediss://host')).toBe(true);
    expect(isRedisLockUrl('mutex?note=redis://host')).toBe(false);
    expect(() => createLock('mutex?timeoutMs=redis://host' as never)).toThrow(/timeoutMs/);
    expect(load.ids).toEqual([]);
  });

  it('is refused by parseLockConfig, which describes in-process locks only', () => {
    expect(caught(() => parseLockConfig('redis://host'))).toMatchObject({ field: 'description', value: 'redis://host' });
    expect(() => parseLockConfig(42 as never)).toThrow(LockConfigError);
  });
});
