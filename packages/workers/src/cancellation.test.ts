import { ActionError, ActionHandler, type ActionFunc } from '@soni/core';
import { ReadWriteLock } from '@soni/locking';
import { describe, expect, it } from 'vitest';
import { ACTIONS, quietRegistry, sleep, testPool } from './test-pools.fixture';

/** Counts read from a SharedArrayBuffer the worker increments in a loop. */
function counter(): { buffer: SharedArrayBuffer; read: () => number } {
  const buffer = new SharedArrayBuffer(4);
  const view = new Int32Array(buffer);
  return { buffer, read: () => Atomics.load(view, 0) };
}

/**
 * Waits until `read()` stops moving (a terminated thread can take a moment to stop on a busy
 * machine), then checks it stays still for 200 ms. A thread that goes on counting fails it.
 */
async function stopsCounting(read: () => number): Promise<void> {
  let last = read();
  for (let i = 0; i < 40; i++) {
    await sleep(50);
    const now = read();
    if (now === last) break;
    last = now;
  }
  expect(last).toBeGreaterThan(0);
  await sleep(200);
  expect(read()).toBe(last);
}

/** Waits until `read()` has moved, so the worker is known to be counting. */
async function started(read: () => number): Promise<void> {
  for (let i = 0; i < 200 && read() === 0; i++) await sleep(10);
  expect(read()).toBeGreaterThan(0);
}

describe('a timeout or an abort really stops the work', () => {
  it('a deadline terminates the thread: the counter stops', async () => {
    // One thread, warmed up first (started, module imported), so that on a loaded machine the
    // deadline still falls while the action is counting, not while the thread starts.
    const pool = testPool({ maxThreads: 1 });
    const registry = quietRegistry();
    registry.registerLocal('count', pool.action({ module: ACTIONS, export: 'countForever' }));
    registry.registerLocal('double', pool.action({ module: ACTIONS, export: 'double' }));
    const handler = new ActionHandler(registry);
    expect(await handler.execute('double', { n: 1 })).toEqual({ doubled: 2 });
    const { buffer, read } = counter();
    const error = await handler.execute('count', { buffer }, { timeoutMs: 500 }).catch((e: unknown) => e);
    expect(ActionError.isInstance(error) && error.code).toBe('TIMEOUT');
    await stopsCounting(read);
  });

  it('the same check sees a thread that was not stopped (the broken variant)', async () => {
    const pool = testPool();
    const count = pool.action({ module: ACTIONS, export: 'countForever' });
    const { buffer, read } = counter();
    // Called directly with a signal nobody aborts in time: nothing stops the thread.
    const controller = new AbortController();
    const running = count({ buffer }, { action: 'count', signal: controller.signal }).catch((e: unknown) => e);
    await started(read);
    const before = read();
    await sleep(100);
    expect(read()).toBeGreaterThan(before);
    controller.abort(new Error('cleanup'));
    expect(await running).toEqual(new Error('cleanup'));
  });

  it("a caller's signal terminates the thread too, and a later execution still runs", async () => {
    const pool = testPool({ maxThreads: 1 });
    const registry = quietRegistry();
    registry.registerLocal('count', pool.action({ module: ACTIONS, export: 'countForever' }));
    registry.registerLocal('double', pool.action({ module: ACTIONS, export: 'double' }));
    const handler = new ActionHandler(registry);
    const { buffer, read } = counter();
    const controller = new AbortController();
    const running = handler.execute('count', { buffer }, { signal: controller.signal }).catch((e: unknown) => e);
    await started(read);
    controller.abort();
    const error = await running;
    expect(ActionError.isInstance(error) && error.code).toBe('ABORTED');
    await stopsCounting(read);
    expect(await handler.execute('double', { n: 4 })).toEqual({ doubled: 8 });
  });

  it('an execution queued behind a busy pool that times out never runs', async () => {
    const pool = testPool({ maxThreads: 1 });
    const registry = quietRegistry();
    registry.registerLocal('spin', pool.action({ module: ACTIONS, export: 'spin' }));
    registry.registerLocal('count', pool.action({ module: ACTIONS, export: 'countForever' }));
    const handler = new ActionHandler(registry);
    const busy = handler.execute('spin', { ms: 400 });
    const { buffer, read } = counter();
    const queued = await handler.execute('count', { buffer }, { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(ActionError.isInstance(queued) && queued.code).toBe('TIMEOUT');
    expect(await busy).toEqual({ spun: 400, tag: null });
    await sleep(100);
    expect(read()).toBe(0);
  });
});

describe('the hold ends with the caller’s deadline', () => {
  /** How long a transaction waits for the scope's lock once `name` has timed out. */
  async function holdAfterTimeout(fn: ActionFunc): Promise<number> {
    const registry = quietRegistry({ lock: new ReadWriteLock() });
    registry.registerLocal('slow', fn);
    const error = await new ActionHandler(registry).execute('slow', { ms: 1_500 }, { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(ActionError.isInstance(error) && error.code).toBe('TIMEOUT');
    const started = performance.now();
    await registry.transaction(() => undefined);
    return performance.now() - started;
  }

  it('a worker action: its thread is terminated, so a transaction gets the lock at once', async () => {
    const pool = testPool();
    expect(await holdAfterTimeout(pool.action({ module: ACTIONS, export: 'spin' }))).toBeLessThan(300);
  });

  it('an in-process action that ignores its signal keeps the hold until it settles (the check catches it)', async () => {
    const inProcess: ActionFunc = () => new Promise((resolve) => setTimeout(resolve, 1_000, {}));
    expect(await holdAfterTimeout(inProcess)).toBeGreaterThan(600);
  });
});
