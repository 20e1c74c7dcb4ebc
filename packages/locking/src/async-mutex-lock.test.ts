import { E_CANCELED, Mutex, Semaphore, withTimeout } from 'async-mutex';
import { describe, expect, it, vi } from 'vitest';
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

describe("AsyncMutexLock with the caller's own timeout and signal", () => {
  /** Holds `lock` exclusively until the returned function is called. */
  async function hold(lock: AsyncMutexLock): Promise<{ done: Promise<unknown>; release: () => void }> {
    let release!: () => void;
    const done = lock.runExclusive(() => new Promise<void>((resolve) => (release = resolve)));
    await tick(1);
    return { done, release };
  }

  it('a waiter whose timeoutMs elapses gets LockTimeoutError, and the permit it would have had goes back', async () => {
    const mutex = new Mutex();
    const lock = new AsyncMutexLock(mutex);
    const holder = await hold(lock);
    let ran = false;
    const error: unknown = await lock.runExclusive(() => (ran = true), { timeoutMs: 5 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'LOCK_TIMEOUT', mode: 'exclusive', timeoutMs: 5 });
    holder.release();
    await holder.done;
    await tick(1);
    expect(ran).toBe(false);
    expect(mutex.isLocked()).toBe(false);
    await expect(lock.runExclusive(() => 'free', { timeoutMs: 0 })).resolves.toBe('free');
  });

  it('a waiter whose signal aborts gets LockAbortedError with the reason, in the mode it asked for', async () => {
    const semaphore = new Semaphore(2);
    const lock = new AsyncMutexLock(semaphore);
    const holder = await hold(lock);
    const controller = new AbortController();
    const waiting = lock.runShared(() => 'never', { signal: controller.signal }).catch((e: unknown) => e);
    await tick(1);
    const reason = new Error('stop');
    controller.abort(reason);
    const error = await waiting;
    expect(LockAbortedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ mode: 'shared', cause: reason });
    holder.release();
    await holder.done;
    await tick(1);
    expect(semaphore.getValue()).toBe(2);
  });

  it('an already aborted signal is refused before asking the mutex', async () => {
    const mutex = new Mutex();
    const lock = new AsyncMutexLock(mutex);
    const controller = new AbortController();
    controller.abort(new Error('before'));
    await expect(lock.runShared(() => 'never', { signal: controller.signal })).rejects.toMatchObject({ code: 'LOCK_ABORTED', mode: 'exclusive' });
    expect(mutex.isLocked()).toBe(false);
  });

  it('timeoutMs: 0 fails at once on a busy mutex or semaphore, and is granted when free', async () => {
    for (const instance of [new Mutex(), new Semaphore(2)]) {
      const lock = new AsyncMutexLock(instance);
      const holder = await hold(lock);
      await expect(lock.runShared(() => 'never', { timeoutMs: 0 })).rejects.toMatchObject({ code: 'LOCK_TIMEOUT', timeoutMs: 0 });
      holder.release();
      await holder.done;
      await expect(lock.runShared(() => 'free', { timeoutMs: 0 })).resolves.toBe('free');
    }
    // On a semaphore, one shared holder leaves room for another but not for an exclusive one.
    const lock = new AsyncMutexLock(new Semaphore(2));
    let release!: () => void;
    const reader = lock.runShared(() => new Promise<void>((resolve) => (release = resolve)));
    await tick(1);
    await expect(lock.runShared(() => 'beside', { timeoutMs: 0 })).resolves.toBe('beside');
    await expect(lock.runExclusive(() => 'never', { timeoutMs: 0 })).rejects.toMatchObject({ code: 'LOCK_TIMEOUT', mode: 'exclusive' });
    release();
    await reader;
  });

  it('a waiter granted in time runs, and its timer and signal no longer matter', async () => {
    const lock = new AsyncMutexLock(new Mutex());
    const holder = await hold(lock);
    const controller = new AbortController();
    const waiting = lock.runExclusive(() => 'ran', { timeoutMs: 50, signal: controller.signal });
    holder.release();
    await expect(waiting).resolves.toBe('ran');
    controller.abort(new Error('late'));
    await tick(60);
    await expect(lock.runExclusive(() => 'again', { timeoutMs: 0 })).resolves.toBe('again');
  });

  it('rejects bad arguments naming the method', async () => {
    const lock = new AsyncMutexLock(new Semaphore(1));
    await expect(lock.runExclusive('x' as never)).rejects.toThrow('AsyncMutexLock.runExclusive(): the function to run under the lock must be a function');
    await expect(lock.runShared(() => 1, { timeoutMs: -1 })).rejects.toThrow(/^AsyncMutexLock\.runShared\(\)/);
    expect(lock.kind).toBe('async-mutex');
  });

  it('a semaphore whose getValue throws or is not a number is taken as a mutex', async () => {
    const mutex = new Mutex();
    const odd = Object.assign(mutex, { getValue: () => 'many' });
    const lock = new AsyncMutexLock(odd);
    let inside = 0;
    let most = 0;
    const body = async (): Promise<void> => {
      most = Math.max(most, ++inside);
      await tick(1);
      inside--;
    };
    await Promise.all([lock.runShared(body), lock.runShared(body)]);
    expect(most).toBe(1);
    const throwing = Object.assign(new Mutex(), {
      getValue: () => {
        throw new Error('no');
      },
    });
    expect(() => new AsyncMutexLock(throwing as never)).not.toThrow();
  });
});

describe('AsyncMutexLock holds', () => {
  it("a waiter granted in time keeps its permit after its deadline would have passed", async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const mutex = new Mutex();
      const lock = new AsyncMutexLock(mutex);
      let releaseFirst!: () => void;
      const first = lock.runExclusive(() => new Promise<void>((resolve) => (releaseFirst = resolve)));
      await vi.advanceTimersByTimeAsync(0);
      let releaseSecond!: () => void;
      const controller = new AbortController();
      const second = lock.runExclusive(() => new Promise<void>((resolve) => (releaseSecond = resolve)), { timeoutMs: 20, signal: controller.signal });
      releaseFirst();
      await first;
      await vi.advanceTimersByTimeAsync(30);
      controller.abort(new Error('late'));
      await vi.advanceTimersByTimeAsync(0);
      expect(mutex.isLocked()).toBe(true);
      await expect(lock.runExclusive(() => 'never', { timeoutMs: 0 })).rejects.toMatchObject({ code: 'LOCK_TIMEOUT' });
      releaseSecond();
      await second;
      expect(mutex.isLocked()).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it("the instance's own timeout is a LockTimeoutError with its error as cause, with or without the caller's options", async () => {
    const mutex = withTimeout(new Mutex(), 10, new Error('instance timeout'));
    const lock = new AsyncMutexLock(mutex);
    let release!: () => void;
    const holder = lock.runExclusive(() => new Promise<void>((resolve) => (release = resolve)));
    await tick(1);
    for (const options of [undefined, { signal: new AbortController().signal }, { timeoutMs: 10_000 }]) {
      const error: unknown = await lock.runExclusive(() => 'never', options).catch((e: unknown) => e);
      expect(LockTimeoutError.isInstance(error)).toBe(true);
      expect((error as Error).cause).toMatchObject({ message: 'instance timeout' });
    }
    release();
    await holder;
  });

  it('refuses anything but an object with both acquire and isLocked', () => {
    const fns = { acquire: () => Promise.resolve(() => undefined), isLocked: () => false };
    expect(() => new AsyncMutexLock(fns)).not.toThrow();
    expect(() => new AsyncMutexLock({ isLocked: fns.isLocked } as never)).toThrow('new AsyncMutexLock(): expected an async-mutex Mutex or Semaphore, got');
    expect(() => new AsyncMutexLock({ acquire: fns.acquire } as never)).toThrow(InvalidArgumentError);
    expect(() => new AsyncMutexLock(Object.assign(() => undefined, fns) as never)).toThrow(InvalidArgumentError);
  });
});
