import { E_CANCELED, Mutex, Semaphore, withTimeout } from 'async-mutex';
import { describe, expect, it } from 'vitest';
import { ActionHandler, ActionRegistry, InvalidArgumentError, LockAbortedError, LockTimeoutError } from '@soni/core';
import { AsyncMutexLock } from './async-mutex-lock';

const tick = (ms = 5): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('AsyncMutexLock (async-mutex interop)', () => {
  it("excludes the application's own code that uses the same Mutex", async () => {
    const mutex = new Mutex();
    const registry = new ActionRegistry({ lock: new AsyncMutexLock(mutex) });
    let inside = 0;
    let most = 0;
    const critical = async (): Promise<void> => {
      most = Math.max(most, ++inside);
      await tick(2);
      inside--;
    };
    registry.registerLocal('job', async () => {
      await critical();
      return {};
    });
    const handler = new ActionHandler(registry);
    await Promise.all([
      handler.execute('job'),
      mutex.runExclusive(critical),
      handler.execute('job'),
      mutex.runExclusive(critical),
    ]);
    expect(most).toBe(1);
  });

  it('reports the withTimeout instance\'s own timeout as LockTimeoutError and its cancel() as LockAbortedError', async () => {
    const mutex = withTimeout(new Mutex(), 20);
    const lock = new AsyncMutexLock(mutex);
    let release!: () => void;
    const holder = lock.runExclusive(() => new Promise<void>((resolve) => (release = resolve)));
    await tick();
    const timedOut = lock.runExclusive(() => 'never').catch((error: unknown) => error);
    expect(LockTimeoutError.isInstance(await timedOut)).toBe(true);
    const cancelled = lock.runExclusive(() => 'never').catch((error: unknown) => error);
    await tick(1);
    mutex.cancel();
    const error = await cancelled;
    expect(LockAbortedError.isInstance(error)).toBe(true);
    expect((error as Error).cause).toBe(E_CANCELED);
    release();
    await holder;
  });

  it('a Semaphore admits shared holders up to its permits; an exclusive one takes all', async () => {
    const lock = new AsyncMutexLock(new Semaphore(3));
    let shared = 0;
    let most = 0;
    let exclusiveBeside = false;
    const reader = (): Promise<void> => lock.runShared(async () => {
      most = Math.max(most, ++shared);
      await tick(3);
      shared--;
    });
    await Promise.all([reader(), reader(), reader(), reader(), lock.runExclusive(() => { exclusiveBeside = shared > 0; }), reader()]);
    expect(most).toBe(3);
    expect(exclusiveBeside).toBe(false);
  });

  it.each([null, {}, 'mutex', { acquire: () => undefined }])('refuses %o with InvalidArgumentError', (value) => {
    expect(() => new AsyncMutexLock(value as never)).toThrow(InvalidArgumentError);
  });

  it('refuses a semaphore with no free permit', () => {
    expect(() => new AsyncMutexLock(new Semaphore(0))).toThrow(/at least one free permit/);
  });
});
