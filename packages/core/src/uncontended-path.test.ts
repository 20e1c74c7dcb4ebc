/**
 * The handler's fast path (a shared hold taken synchronously from a free lock on core's
 * engine, released in the `then` that settles the execution) keeps every guarantee of the
 * general path. Each scenario also runs on a grant that lets go of the hold at once, and is
 * shown to catch it.
 */
import { describe, expect, it, vi } from 'vitest';
import { ActionHandler } from './action-handler';
import { ActionRegistry } from './action-registry';
import type { LockStrategy } from './lock-strategy';
import { engineLock, gate, recordingLogger, yieldToEventLoop } from './test-support.fixture';

type Grant = 'correct' | 'releases-at-once';

/** Does a transaction started while a fast execution runs commit before the action settles? */
async function transactionOvertakes(grant: Grant): Promise<boolean> {
  const lock = engineLock('rwlock', { detectReentrancy: false }, grant);
  const registry = new ActionRegistry({ lock, logger: recordingLogger() });
  const release = gate();
  let running = false;
  registry.registerLocal('job', async () => {
    running = true;
    await release.promise;
    running = false;
    return {};
  });
  const execution = new ActionHandler(registry).execute('job');
  await yieldToEventLoop();
  let overtook = false;
  const reload = registry.transaction(() => {
    overtook = running;
  });
  await yieldToEventLoop();
  release.open();
  await Promise.all([execution, reload]);
  return overtook;
}

/** The most fast executions that ran at once under a mutex. */
async function mutexOverlap(grant: Grant): Promise<number> {
  const registry = new ActionRegistry({ lock: engineLock('mutex', { detectReentrancy: false }, grant), logger: recordingLogger() });
  let inside = 0;
  let most = 0;
  registry.registerLocal('job', async () => {
    most = Math.max(most, ++inside);
    await yieldToEventLoop();
    inside--;
    return {};
  });
  const handler = new ActionHandler(registry);
  await Promise.all(Array.from({ length: 5 }, () => handler.execute('job')));
  return most;
}

describe('the uncontended fast path', () => {
  it('is taken: the lock is never asked through runShared', async () => {
    const lock: LockStrategy = engineLock('rwlock', { detectReentrancy: false }, 'correct');
    const spy = vi.spyOn(lock, 'runShared');
    const registry = new ActionRegistry({ lock });
    registry.registerLocal('x', () => ({ ok: true }));
    await expect(new ActionHandler(registry).execute('x')).resolves.toEqual({ ok: true });
    expect(spy).not.toHaveBeenCalled();
  });

  it('holds the shared lock until the action settles: a transaction waits', async () => {
    expect(await transactionOvertakes('correct')).toBe(false);
  });

  it('the same check catches a grant released too early', async () => {
    expect(await transactionOvertakes('releases-at-once')).toBe(true);
  });

  it('serialises executions under a mutex (the later ones queue on the general path)', async () => {
    expect(await mutexOverlap('correct')).toBe(1);
    expect(await mutexOverlap('releases-at-once')).toBeGreaterThan(1);
  });

  it('releases the hold and the in-flight count when the action throws, rejects or returns a non-object', async () => {
    const lock = engineLock('mutex', { detectReentrancy: false }, 'correct');
    const registry = new ActionRegistry({ lock });
    const dispose = vi.fn();
    registry.registerLocal('throws', () => { throw new Error('sync'); }, { dispose });
    registry.registerLocal('rejects', () => Promise.reject(new Error('async')));
    registry.registerLocal('number', () => 42 as never);
    registry.registerLocal('needs', () => ({}), { inputs: ['a'] });
    const handler = new ActionHandler(registry);
    for (const [name, code] of [['throws', 'EXECUTION_FAILED'], ['rejects', 'EXECUTION_FAILED'], ['number', 'EXECUTION_FAILED'], ['needs', 'MISSING_INPUTS']]) {
      await expect(handler.execute(name ?? '')).rejects.toMatchObject({ code });
      expect(lock.query().mode).toBe('idle');
    }
    registry.unregisterLocal('throws');
    await yieldToEventLoop();
    expect(dispose).toHaveBeenCalledTimes(1);
  });

  it('dispose of a replaced action waits for its fast execution', async () => {
    const registry = new ActionRegistry({ lock: engineLock('rwlock', { detectReentrancy: false }, 'correct') });
    const release = gate();
    const dispose = vi.fn();
    registry.registerLocal('job', async () => {
      await release.promise;
      return {};
    }, { dispose });
    const execution = new ActionHandler(registry).execute('job');
    registry.registerLocal('job', () => ({ v: 2 }));
    await yieldToEventLoop();
    expect(dispose).not.toHaveBeenCalled();
    release.open();
    await execution;
    await yieldToEventLoop();
    expect(dispose).toHaveBeenCalledTimes(1);
  });
});
