/**
 * The typed errors of the Redis lock: what each says, which class a Redis failure becomes,
 * and the brands that recognise them across copies of the package.
 */
import { describe, expect, it } from 'vitest';
import { LockConfigError, errorBrand } from '@soni/core';
import { LockAuthError, LockLeaseLostError, LockUnavailableError, redisFailure } from './redis-lock-errors';
import { REDIS_LOCK_FIELDS, resolveRedisLockOptions } from './redis-lock-options';

describe('LockLeaseLostError', () => {
  it('says which lease was lost, why, and with which fencing token', () => {
    const expired = new LockLeaseLostError('app:lock', 'exclusive', 7, 'expired');
    expect(expired.message).toBe(
      "Lost the exclusive lease on the Redis lock 'app:lock' (fencing token 7): Redis no longer holds it for this process (the lease ran out or Redis lost its data)",
    );
    expect(expired).toMatchObject({ code: 'LOCK_LEASE_LOST', key: 'app:lock', mode: 'exclusive', fencingToken: 7, reason: 'expired' });
    const cause = new Error('ETIMEDOUT');
    const unreachable = new LockLeaseLostError('k', 'shared', undefined, 'unreachable', { cause });
    expect(unreachable.message).toBe("Lost the shared lease on the Redis lock 'k': Redis could not be reached to renew it before the lease could run out");
    expect(unreachable.cause).toBe(cause);
    expect(LockLeaseLostError.isInstance(unreachable)).toBe(true);
    expect(LockLeaseLostError.isInstance(new Error('x'))).toBe(false);
  });
});

describe('redisFailure', () => {
  const endpoint = '127.0.0.1:6379';

  it('turns an authentication failure into LockAuthError, whatever the wording Redis uses', () => {
    for (const text of ['WRONGPASS invalid username-password pair', 'NOAUTH Authentication required.', 'ERR invalid password']) {
      const error = redisFailure(endpoint, new Error(text));
      expect(LockAuthError.isInstance(error)).toBe(true);
      expect(LockUnavailableError.isInstance(error)).toBe(true);
      expect(error.code).toBe('LOCK_AUTH');
      expect(error.message).toBe(`Redis lock server ${endpoint} unavailable: authentication failed (check the user name and password): ${text}`);
      expect(error.cause).toBeInstanceOf(Error);
    }
  });

  it('turns anything else into LockUnavailableError naming the server and keeping the cause', () => {
    const cause = new Error('ECONNRESET');
    const error = redisFailure(endpoint, cause);
    expect(LockAuthError.isInstance(error)).toBe(false);
    expect(error).toMatchObject({ code: 'LOCK_UNAVAILABLE', endpoint, message: `Redis lock server ${endpoint} unavailable: ECONNRESET` });
    expect(error.cause).toBe(cause);
    expect(redisFailure(endpoint, 'plain text').message).toBe(`Redis lock server ${endpoint} unavailable: plain text`);
  });

  it("replaces ioredis' generic messages with the connection's own error when there is one", () => {
    const refused = new Error('connect ECONNREFUSED 127.0.0.1:6379');
    for (const generic of ['Reached the max retries per request limit (which is 0)', 'Connection is closed.', "Stream isn't writeable and enableOfflineQueue options is false"]) {
      expect(redisFailure(endpoint, new Error(generic), refused).message).toBe(`Redis lock server ${endpoint} unavailable: cannot connect: connect ECONNREFUSED 127.0.0.1:6379`);
      expect(redisFailure(endpoint, new Error(generic)).message).toBe(`Redis lock server ${endpoint} unavailable: ${generic}`);
    }
    // A specific message is kept even when the connection failed too.
    expect(redisFailure(endpoint, new Error('OOM command not allowed'), refused).message).toMatch(/unavailable: OOM command not allowed$/);
    // The connection's own error can be an authentication failure.
    expect(LockAuthError.isInstance(redisFailure(endpoint, new Error('Connection is closed.'), new Error('WRONGPASS')))).toBe(true);
  });

  it('recognises errors marked by another copy of the package, through the shared brand names', () => {
    for (const [name, ErrorClass] of [['LockAuthError', LockAuthError], ['LockUnavailableError', LockUnavailableError], ['LockLeaseLostError', LockLeaseLostError]] as const) {
      const fromOtherCopy = new Error('other copy');
      errorBrand(`@soni/locking-redis.error.${name}`).mark(fromOtherCopy);
      expect(ErrorClass.isInstance(fromOtherCopy)).toBe(true);
    }
  });

  it('passes an error that is already a LockUnavailableError through unchanged', () => {
    const already = new LockUnavailableError('other:1', 'down');
    expect(redisFailure(endpoint, already)).toBe(already);
  });
});

describe('resolveRedisLockOptions', () => {
  it('fills in the documented defaults', () => {
    expect(resolveRedisLockOptions(undefined)).toMatchObject({ key: 'soni:lock', mode: 'mutex', leaseMs: 10_000, commandTimeoutMs: 2000, handOverWindowMs: 50 });
    expect(resolveRedisLockOptions({ mode: 'rwlock', timeoutMs: 100 })).toMatchObject({ mode: 'rwlock', queued: { timeoutMs: 100 } });
  });

  it('names every field it takes when given another', () => {
    let error: unknown;
    try {
      resolveRedisLockOptions({ lease: 1 } as never);
    } catch (caught) {
      error = caught;
    }
    expect(LockConfigError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ field: 'field', expected: `one of ${REDIS_LOCK_FIELDS.map((f) => `'${f}'`).join(', ')}` });
    expect(REDIS_LOCK_FIELDS).toEqual(['key', 'mode', 'leaseMs', 'commandTimeoutMs', 'handOverWindowMs', 'timeoutMs', 'reentrant', 'detectReentrancy', 'starvationWarningMs']);
    expect(() => resolveRedisLockOptions([] as never)).toThrow(/Invalid lock options/);
  });
});
