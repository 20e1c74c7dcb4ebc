import { InvalidArgumentError, SoniError } from '@soni/core';
import { describe, expect, it } from 'vitest';
import { LockAbortedError, LockConfigError, LockReentrancyError, LockTimeoutError } from './errors';

describe('errors', () => {
  const reason = new Error('cancelled');
  const cases = [
    { error: new LockTimeoutError('mutex', 'exclusive', 50), Class: LockTimeoutError, code: 'LOCK_TIMEOUT', message: /Timed out after 50 ms waiting for the mutex lock \(exclusive\)/ },
    { error: new LockAbortedError('rwlock', 'shared', reason), Class: LockAbortedError, code: 'LOCK_ABORTED', message: /Aborted while waiting for the rwlock lock \(shared\)/ },
    { error: new LockReentrancyError('mutex', 'exclusive', 'shared', false), Class: LockReentrancyError, code: 'LOCK_REENTRANCY', message: /Self-deadlock: shared mutex lock requested inside a exclusive hold/ },
  ];

  it.each(cases)('$code: a SoniError with a stable code, name and message', ({ error, Class, code, message }) => {
    expect(error).toBeInstanceOf(Class);
    expect(SoniError.isInstance(error)).toBe(true);
    expect(error.code).toBe(code);
    expect(error.name).toBe(Class.name);
    expect(error.message).toMatch(message);
  });

  it('isInstance recognises only its own class, also across copies (by marker)', () => {
    const [timeout, aborted, reentrancy] = cases.map((c) => c.error);
    expect([LockTimeoutError.isInstance(timeout), LockTimeoutError.isInstance(aborted), LockAbortedError.isInstance(reentrancy)]).toEqual([
      true,
      false,
      false,
    ]);
    const foreignCopy = Object.assign(new Error('x'), { [Symbol.for('@soni/locking.error.LockReentrancyError')]: true });
    expect(LockReentrancyError.isInstance(foreignCopy)).toBe(true);
    expect(LockTimeoutError.isInstance(null)).toBe(false);
  });

  it('LockAbortedError keeps the signal reason as cause', () => {
    expect(new LockAbortedError('mutex', 'exclusive', reason).cause).toBe(reason);
  });

  it('LockConfigError is a TypeError naming the value and what was expected', () => {
    const error = new LockConfigError('kind', 'spin', "one of 'mutex'");
    expect(error).toBeInstanceOf(TypeError);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(error.name).toBe('LockConfigError');
    expect(error).toMatchObject({ code: 'LOCK_CONFIG', field: 'kind', value: 'spin', expected: "one of 'mutex'" });
    expect(error.message).toBe("Invalid lock kind: 'spin'; expected one of 'mutex'");
    expect(LockConfigError.isInstance(error)).toBe(true);
  });
});
