import { describe, expect, it } from 'vitest';
import { LockAbortedError } from './lock-errors';
import { IN_PROCESS_HOLD, NO_LOCK, isLockStrategy, runUnlocked } from './lock-strategy';

describe('NO_LOCK, the lock that coordinates nothing', () => {
  it('runs the function at once with the in-process hold, in either mode', async () => {
    const holds: unknown[] = [];
    await expect(NO_LOCK.runExclusive((hold) => (holds.push(hold), 'x'))).resolves.toBe('x');
    await expect(NO_LOCK.runShared((hold) => (holds.push(hold), 's'))).resolves.toBe('s');
    expect(holds).toEqual([IN_PROCESS_HOLD, IN_PROCESS_HOLD]);
    expect(NO_LOCK.kind).toBe('none');
  });

  it('honours timeoutMs without a signal (nothing to wait for, so it just runs)', async () => {
    await expect(NO_LOCK.runExclusive(() => 'ran', { timeoutMs: 5 })).resolves.toBe('ran');
    await expect(NO_LOCK.runShared(() => 'ran', { timeoutMs: 0 })).resolves.toBe('ran');
  });

  it('refuses an already aborted signal without running, naming the mode', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    let ran = false;
    const run = (): string => {
      ran = true;
      return 'ran';
    };
    await expect(NO_LOCK.runShared(run, { signal: controller.signal })).rejects.toMatchObject({ mode: 'shared', message: expect.stringContaining('none lock (shared)') as unknown });
    await expect(runUnlocked(run, { signal: controller.signal }, 'exclusive')).rejects.toBeInstanceOf(LockAbortedError);
    expect(ran).toBe(false);
    await expect(NO_LOCK.runExclusive(run, { signal: new AbortController().signal })).resolves.toBe('ran');
  });

  it('rejects a non-function and bad options with a message that names the method', async () => {
    await expect(NO_LOCK.runExclusive('x' as never)).rejects.toThrow('lock.runExclusive(): the function to run under the lock must be a function');
    await expect(NO_LOCK.runShared('x' as never)).rejects.toThrow(/lock\.runShared\(\)/);
    await expect(NO_LOCK.runShared(() => 1, { timeoutMs: -1 })).rejects.toThrow(/lock\.runShared\(\)/);
    await expect(NO_LOCK.runExclusive(() => 1, { wait: 1 } as never)).rejects.toThrow(/lock\.runExclusive\(\)/);
  });

  it('isLockStrategy accepts a kind and both methods, and nothing less', () => {
    expect(isLockStrategy(NO_LOCK)).toBe(true);
    const lock = { kind: 'k', runExclusive: () => undefined, runShared: () => undefined };
    expect(isLockStrategy(lock)).toBe(true);
    expect(isLockStrategy({ ...lock, kind: 1 })).toBe(false);
    expect(isLockStrategy({ ...lock, runExclusive: 1 })).toBe(false);
    expect(isLockStrategy({ ...lock, runShared: 1 })).toBe(false);
    expect(isLockStrategy(null)).toBe(false);
    // A function with the right properties is not a lock object.
    expect(isLockStrategy(Object.assign(() => undefined, lock))).toBe(false);
    expect(isLockStrategy('lock')).toBe(false);
  });
});
