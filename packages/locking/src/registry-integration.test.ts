/**
 * With the registry: executions hold their scope's lock in shared mode, transactions in
 * exclusive mode (DESIGN.md). The same scenarios show what each strategy coordinates.
 */
import { ActionHandler, ActionRegistry } from '@soni/core';
import type { LockStrategy, Logger } from '@soni/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createLock } from './create-lock';
import { FlawedLock, gate, settle } from './flawed-lock.fixture';
import type { Gate } from './flawed-lock.fixture';

// The replacement warning is expected here; keep test output clean.
const quiet: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

interface Setup {
  registry: ActionRegistry;
  handler: ActionHandler;
  log: string[];
  gates: Map<string, Gate>;
}

/** A registry whose local action 'slow' logs its start and waits for its gate to end. */
function setup(lock: LockStrategy): Setup {
  const registry = new ActionRegistry({ lock, logger: quiet });
  const log: string[] = [];
  const gates = new Map<string, Gate>();
  registry.registerLocal('slow', async (inputs) => {
    const id = String(inputs.id);
    log.push(`${id}+`);
    const g = gate();
    gates.set(id, g);
    await g.promise;
    log.push(`${id}-`);
    return { id, version: 1 };
  });
  return { registry, handler: new ActionHandler(registry), log, gates };
}

/** An execution is in flight, then a transaction replaces the action, then a new execution comes. */
async function reloadDuringExecution(lock: LockStrategy): Promise<{ log: string[]; versions: unknown[] }> {
  const { registry, handler, log, gates } = setup(lock);
  const first = handler.execute('slow', { id: 'e1' });
  await settle();
  const tx = registry.transaction(async (t) => {
    log.push('tx+');
    await settle(1);
    t.register('slow', (inputs) => {
      log.push(`${String(inputs.id)} v2`);
      return { version: 2 };
    });
    log.push('tx-');
  });
  await settle();
  const second = handler.execute('slow', { id: 'e2' });
  await settle();
  gates.get('e1')?.open();
  await settle();
  gates.get('e2')?.open();
  const results = await Promise.all([first, tx, second]);
  return { log, versions: [results[0].version, results[2].version] };
}

/** Two executions of the same action at once. */
async function twoExecutions(lock: LockStrategy): Promise<string[]> {
  const { handler, log, gates } = setup(lock);
  const a = handler.execute('slow', { id: 'a' });
  const b = handler.execute('slow', { id: 'b' });
  await settle();
  gates.get('a')?.open();
  await settle();
  gates.get('b')?.open();
  await Promise.all([a, b]);
  return log;
}

describe('with the registry', () => {
  const rwlockReload = { log: ['e1+', 'e1-', 'tx+', 'tx-', 'e2 v2'], versions: [1, 2] };

  it('rwlock: a transaction waits for in-flight executions, new executions wait for it', async () => {
    expect(await reloadDuringExecution(createLock('rwlock'))).toEqual(rwlockReload);
  });

  it('rwlock: executions run side by side', async () => {
    expect(await twoExecutions(createLock('rwlock'))).toEqual(['a+', 'b+', 'a-', 'b-']);
  });

  it('mutex: the transaction is serialised with executions', async () => {
    expect(await reloadDuringExecution(createLock('mutex'))).toEqual(rwlockReload);
  });

  it('mutex: executions are serialised too', async () => {
    expect(await twoExecutions(createLock('mutex'))).toEqual(['a+', 'a-', 'b+', 'b-']);
  });

  it('none: nothing waits', async () => {
    expect(await reloadDuringExecution(createLock('none'))).toEqual({
      log: ['e1+', 'tx+', 'tx-', 'e2 v2', 'e1-'],
      versions: [1, 2],
    });
    expect(await twoExecutions(createLock('none'))).toEqual(['a+', 'b+', 'a-', 'b-']);
  });

  it('the reload scenario fails on a lock that does nothing', async () => {
    expect(await reloadDuringExecution(new FlawedLock('rwlock', { unlocked: true }))).not.toEqual(rwlockReload);
  });

  it('an action that starts a transaction on its own scope fails fast instead of hanging', async () => {
    const { registry, handler } = setup(createLock('rwlock'));
    registry.registerLocal('reloader', async () => {
      await registry.transaction(() => undefined);
      return {};
    });
    await expect(handler.execute('reloader')).rejects.toMatchObject({
      code: 'EXECUTION_FAILED',
      cause: { code: 'LOCK_REENTRANCY' },
    });
  });

  describe('global scope', () => {
    afterEach(() => {
      ActionRegistry.resetConfiguration();
      ActionRegistry.clearGlobal();
    });

    it('configure({ lock }) makes global transactions wait for global executions', async () => {
      ActionRegistry.configure({ lock: createLock('rwlock') });
      const log: string[] = [];
      const held = gate();
      ActionRegistry.register('global-slow')(async () => {
        log.push('exec+');
        await held.promise;
        log.push('exec-');
        return {};
      });
      const handler = new ActionHandler(new ActionRegistry());
      const execution = handler.execute('global-slow');
      await settle();
      const tx = ActionRegistry.transaction(() => {
        log.push('tx');
      });
      await settle();
      held.open();
      await Promise.all([execution, tx]);
      expect(log).toEqual(['exec+', 'exec-', 'tx']);
    });
  });
});
