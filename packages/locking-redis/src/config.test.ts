/**
 * Configuration and connection failures: bad URLs and options get LockConfigError naming the
 * bad part; an unreachable server and a wrong password get typed errors naming the problem,
 * within the configured time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LockConfigError } from '@soni/core';
import { Redis } from 'ioredis';
import { RedisLock } from './redis-lock';
import { LockAuthError, LockUnavailableError } from './redis-lock-errors';
import { parseRedisLockUrl, redisLockFromUrl } from './redis-lock-url';
import { TestRedisServer, hasRedisServer } from './redis-server.fixture';

const configError = (fn: () => unknown): LockConfigError => {
  try {
    fn();
  } catch (error) {
    if (LockConfigError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a LockConfigError');
};

describe('Redis lock configuration', () => {
  it('reads every parameter of a lock URL', () => {
    const parsed = parseRedisLockUrl('redis://app:s3cret@10.0.0.5:6380/2?mode=rwlock&key=myapp:actions&leaseMs=10000&timeoutMs=500&commandTimeoutMs=900&connectTimeoutMs=700&reentrant=true');
    expect(parsed.lock).toEqual({ mode: 'rwlock', key: 'myapp:actions', leaseMs: 10_000, timeoutMs: 500, commandTimeoutMs: 900, reentrant: true });
    expect(parsed.connection).toEqual({ host: '10.0.0.5', port: 6380, db: 2, username: 'app', password: 's3cret', connectTimeout: 700 });
    expect(parsed.endpoint).toBe('10.0.0.5:6380');
    expect(parseRedisLockUrl('rediss://cache.internal').connection).toMatchObject({ host: 'cache.internal', port: 6379, db: 0, tls: {} });
  });

  it.each([
    ['not a url', 'url'],
    ['http://127.0.0.1:6379', 'url scheme'],
    ['redis://127.0.0.1:6379/x', 'url database'],
    ['redis://127.0.0.1:6379/0?mode=semaphore', 'mode'],
    ['redis://127.0.0.1:6379/0?leaseMs=fast', 'leaseMs'],
    ['redis://127.0.0.1:6379/0?leaseMs=5', 'leaseMs'],
    ['redis://127.0.0.1:6379/0?leasems=500', 'url parameter'],
    ['redis://127.0.0.1:6379/0?mode=mutex&mode=rwlock', 'url parameter'],
    ['redis://127.0.0.1:6379/0?reentrant=yes', 'reentrant'],
    ['redis://127.0.0.1:6379/0?key=a{b}', 'key'],
    ['redis://127.0.0.1:6379/0?reentrant=true&detectReentrancy=false', 'detectReentrancy'],
  ])('rejects %s naming %s', (url, field) => {
    const error = configError(() => redisLockFromUrl(url));
    expect(error.field).toBe(field);
    expect(error.message).toContain(`Invalid lock ${field}`);
  });

  it('never echoes the password of a bad URL', () => {
    const error = configError(() => redisLockFromUrl('redis://user:hunter2@127.0.0.1:6379/0?leaseMs=abc'));
    expect(error.message).not.toContain('hunter2');
    expect(configError(() => redisLockFromUrl('redis://user:hunter2@[::1')).message).not.toContain('hunter2');
  });

  it('names each bad option and what it takes', () => {
    const client = new Redis({ lazyConnect: true });
    const check = (options: unknown, field: string, expected: string): void => {
      const error = configError(() => new RedisLock(client, options as never));
      expect([error.field, error.expected]).toEqual([field, expected]);
    };
    check('mutex', 'options', 'an object');
    check({ mode: 'semaphore' }, 'mode', "'mutex' or 'rwlock'");
    for (const leaseMs of [9, 10.5, 2 ** 31, '1000']) check({ leaseMs }, 'leaseMs', 'an integer number of milliseconds from 10 to 2147483647');
    for (const commandTimeoutMs of [0, -1, Number.NaN, '100']) check({ commandTimeoutMs }, 'commandTimeoutMs', 'a finite number of milliseconds > 0');
    for (const handOverWindowMs of [-1, Number.NaN, Number.POSITIVE_INFINITY, '50']) {
      check({ handOverWindowMs }, 'handOverWindowMs', 'a finite number of milliseconds >= 0');
    }
    const keyRule = 'a string of 1 to 200 characters without braces or control characters';
    for (const key of ['', 'k'.repeat(201), 'a}b', 'a\nb', 42]) check({ key }, 'key', keyRule);
    // The limits themselves are accepted.
    expect(new RedisLock(client, { key: 'k'.repeat(200), leaseMs: 10, handOverWindowMs: 0, commandTimeoutMs: 0.5 }).key).toHaveLength(200);
    expect(new RedisLock(client, { leaseMs: 2 ** 31 - 1 }).query().leaseMs).toBe(2 ** 31 - 1);
    client.disconnect();
  });

  it('checks the programmatic options and the client', () => {
    const client = new Redis({ lazyConnect: true });
    expect(configError(() => new RedisLock(client, { leaseMS: 10 } as never)).message).toMatch(/field: 'leaseMS'; expected one of 'key', 'mode', 'leaseMs'/);
    expect(configError(() => new RedisLock(client, { commandTimeoutMs: 0 })).field).toBe('commandTimeoutMs');
    expect(configError(() => new RedisLock({} as never)).field).toBe('client');
    client.disconnect();
  });
});

describe('Redis lock URL details', () => {
  it('strips IPv6 brackets, trims spaces, decodes credentials and keeps the defaults', () => {
    expect(parseRedisLockUrl(' redis://[::1]:6380/15 ')).toEqual({ lock: {}, connection: { host: '::1', port: 6380, db: 15 }, endpoint: '::1:6380' });
    expect(parseRedisLockUrl('redis://127.0.0.1/').connection).toEqual({ host: '127.0.0.1', port: 6379, db: 0 });
    expect(parseRedisLockUrl('redis://us%40er:p%3Ass@h').connection).toEqual({ host: 'h', port: 6379, db: 0, username: 'us@er', password: 'p:ss' });
    expect(parseRedisLockUrl('redis://:only-password@h').connection).toEqual({ host: 'h', port: 6379, db: 0, password: 'only-password' });
    expect(parseRedisLockUrl('redis://h?detectReentrancy=true&starvationWarningMs=250&handOverWindowMs=0&reentrant=false').lock).toEqual({
      detectReentrancy: true,
      starvationWarningMs: 250,
      handOverWindowMs: 0,
      reentrant: false,
    });
  });

  it('names the part of the URL at fault and what it takes', () => {
    const check = (url: unknown, field: string, expected: string): void => {
      const error = configError(() => parseRedisLockUrl(url as string));
      expect([error.field, error.expected]).toEqual([field, expected]);
    };
    check(42, 'url', "a string such as 'redis://127.0.0.1:6379/0?mode=rwlock'");
    check('::', 'url', "a URL such as 'redis://127.0.0.1:6379/0?mode=rwlock'");
    check('http://h', 'url scheme', "'redis:' or 'rediss:' (TLS)");
    check('redis:///0', 'url host', "a host name or address, such as '127.0.0.1'");
    check('redis://h/123456', 'url database', "a database number, such as '/0'");
    check('redis://h/0x', 'url database', "a database number, such as '/0'");
    check(
      'redis://h?fast=1',
      'url parameter',
      "one of 'mode', 'key', 'leaseMs', 'timeoutMs', 'commandTimeoutMs', 'connectTimeoutMs', 'starvationWarningMs', 'handOverWindowMs', 'reentrant', 'detectReentrancy'",
    );
    check('redis://h?key=a&key=b', 'url parameter', 'each parameter at most once');
    check('redis://h?timeoutMs=-1', 'timeoutMs', 'a number of milliseconds >= 0, such as 500');
    check('redis://h?detectReentrancy=1', 'detectReentrancy', "'true' or 'false'");
  });

  it('hides the password of a URL it cannot parse, whatever the scheme case or the spaces around it', () => {
    const error = configError(() => parseRedisLockUrl('REDIS://user:hunter2@[::1'));
    expect(error.message).toBe("Invalid lock url: 'REDIS://user:***@[::1'; expected a URL such as 'redis://127.0.0.1:6379/0?mode=rwlock'");
    expect(error.cause).toBeInstanceOf(TypeError);
    // A value read from the environment may start with spaces; the URL is parsed trimmed.
    expect(configError(() => parseRedisLockUrl('  redis://user:hunter2@[::1')).message).not.toContain('hunter2');
  });

  it('redisLockFromUrl takes only { redis } as options, and gives the lock the URL\'s settings', async () => {
    for (const options of [null, 'x', { redis: {}, extra: 1 }]) {
      expect(configError(() => redisLockFromUrl('redis://127.0.0.1', options as never))).toMatchObject({ field: 'options', expected: '{ redis?: ioredis options }' });
    }
    const lock = redisLockFromUrl('redis://127.0.0.1/0?mode=rwlock&key=from-url&leaseMs=1234', { redis: { keyPrefix: 'ignored:' } });
    expect(lock.key).toBe('from-url');
    expect(lock.query()).toMatchObject({ leaseMs: 1234 });
    expect(lock.kind).toMatch(/rwlock/);
    await lock.close();
  });
});

describe.runIf(hasRedisServer)('Redis lock connection failures', () => {
  let server: TestRedisServer;
  beforeAll(async () => {
    server = await TestRedisServer.start({ password: 'right-password' });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('an unreachable server: LockUnavailableError naming it, within the connect timeout', async () => {
    const stopped = await TestRedisServer.start();
    await stopped.stop();
    const lock = redisLockFromUrl(stopped.url('connectTimeoutMs=300&commandTimeoutMs=500'));
    const started = performance.now();
    const error = await lock.runExclusive(() => 'never').catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(600);
    expect(LockUnavailableError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(`127.0.0.1:${String(stopped.port)}`);
    expect((error as Error).message).toContain('ECONNREFUSED');
    await lock.close();
  });

  it('a server that never answers: LockUnavailableError after commandTimeoutMs, never a hang', async () => {
    // A TCP server that accepts and says nothing.
    const { createServer } = await import('node:net');
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    const lock = redisLockFromUrl(`redis://127.0.0.1:${String(port)}/0?commandTimeoutMs=300&connectTimeoutMs=300`);
    const started = performance.now();
    await expect(lock.runShared(() => 'never')).rejects.toMatchObject({ code: 'LOCK_UNAVAILABLE' });
    expect(performance.now() - started).toBeLessThan(700);
    await lock.close();
    silent.close();
  });

  it('a wrong password: LockAuthError saying so; the right one works', async () => {
    const wrong = redisLockFromUrl(server.url('', ':wrong-password@'));
    const error = await wrong.runExclusive(() => 'never').catch((e: unknown) => e);
    expect(LockAuthError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'LOCK_AUTH' });
    expect((error as Error).message).toMatch(/authentication failed.*WRONGPASS/);
    expect((error as Error).message).not.toContain('wrong-password');
    await wrong.close();
    const right = redisLockFromUrl(server.url('', ':right-password@'));
    expect(await right.runExclusive(() => 'in')).toBe('in');
    await right.close();
  });
});
