import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { ActionHandler } from './action-handler';
import { ActionRegistry } from './action-registry';
import { ActionError } from './errors';
import { LockContractError, LockReentrancyError } from './lock-errors';
import type { LockStrategy } from './lock-strategy';
import { engineLock } from './test-support.fixture';

async function failure(promise: Promise<unknown>): Promise<ActionError> {
  try {
    await promise;
  } catch (error) {
    if (ActionError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

/** Custom strategies that break the contract in the ways users' own locks do. */
const misbehaving = {
  'resolves without calling fn': { kind: 'lazy', runExclusive: () => Promise.resolve(undefined as never), runShared: () => Promise.resolve(undefined as never) },
  'calls fn but resolves with something else': {
    kind: 'forgetful',
    runExclusive: async (fn) => {
      await fn();
      return 'done' as never;
    },
    runShared: async (fn) => {
      await fn();
      return 'done' as never;
    },
  },
  'calls fn twice': {
    kind: 'stutter',
    runExclusive: async (fn) => {
      await fn();
      return fn();
    },
    runShared: async (fn) => {
      await fn();
      return fn();
    },
  },
} satisfies Record<string, LockStrategy>;

describe('a custom lock that breaks its contract', () => {
  it.each(Object.entries(misbehaving))('%s: the execution fails with LOCK_FAILED (LockContractError), never a silent undefined', async (_label, lock) => {
    const registry = new ActionRegistry({ lock });
    let runs = 0;
    registry.registerLocal('x', () => {
      runs++;
      return { ok: true };
    });
    const error = await failure(new ActionHandler(registry).execute('x'));
    expect(error.code).toBe('LOCK_FAILED');
    expect(LockContractError.isInstance(error.cause)).toBe(true);
    expect(error.message).toMatch(/broke its contract/);
    expect(runs).toBeLessThanOrEqual(1);
  });

  it('a transaction under a lock that resolves without running it rejects with LockContractError and commits nothing', async () => {
    const registry = new ActionRegistry({ lock: misbehaving['resolves without calling fn'] });
    await expect(
      registry.transaction((tx) => {
        tx.register('x', () => ({}));
        return 'result';
      }),
    ).rejects.toSatisfy((error) => LockContractError.isInstance(error));
    expect(registry.has('x')).toBe(false);
  });

  it('a lock that throws synchronously is LOCK_FAILED with its error as cause', async () => {
    const boom = new Error('pool exhausted');
    const registry = new ActionRegistry({
      lock: {
        kind: 'sync-throw',
        runExclusive: () => {
          throw boom;
        },
        runShared: () => {
          throw boom;
        },
      },
    });
    registry.registerLocal('x', () => ({}));
    const error = await failure(new ActionHandler(registry).execute('x'));
    expect(error).toMatchObject({ code: 'LOCK_FAILED', cause: boom });
    await expect(registry.transaction(() => undefined)).rejects.toBe(boom);
  });

  it('a self-deadlock refusal is LOCK_REENTRANCY (the action never ran), not EXECUTION_FAILED', async () => {
    const lock = engineLock('rwlock', { detectReentrancy: true });
    const registry = new ActionRegistry({ lock });
    registry.registerLocal('x', () => ({}));
    const handler = new ActionHandler(registry);
    // An execution from inside a transaction (exclusive) of the same lock would wait forever.
    const error = await registry.transaction(() => failure(handler.execute('x')));
    expect(error.code).toBe('LOCK_REENTRANCY');
    expect(LockReentrancyError.isInstance(error.cause)).toBe(true);
  });
});

describe('one abort signal shared by many executions', () => {
  it('carries one listener, however many executions wait on it, and none once they settle', async () => {
    const lock = engineLock('mutex');
    const registry = new ActionRegistry({ lock });
    registry.registerLocal('x', async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return {};
    });
    const controller = new AbortController();
    const handler = new ActionHandler(registry);
    const runs = Array.from({ length: 30 }, () => handler.execute('x', {}, { signal: controller.signal }));
    // 30 executions (29 queued in the lock) on one signal: one listener, no MaxListeners warning.
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    await Promise.all(runs);
    controller.abort();
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});

describe('what a lock hold tells the action', () => {
  it("passes the hold's fencing token to the action's context, and aborts the context signal when the hold is lost", async () => {
    const lost = new AbortController();
    let token = 41;
    const distributed: LockStrategy = {
      kind: 'leased',
      runExclusive: async (fn) => fn({ fencingToken: ++token, signal: lost.signal }),
      runShared: async (fn) => fn({ fencingToken: ++token, signal: lost.signal }),
    };
    const registry = new ActionRegistry({ lock: distributed });
    const seen: { token: number | undefined; aborted: boolean; reason: unknown }[] = [];
    registry.registerLocal('write', async (_inputs, context) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      seen.push({ token: context.fencingToken, aborted: context.signal.aborted, reason: context.signal.reason });
      return {};
    });
    const handler = new ActionHandler(registry);
    await handler.execute('write');
    const pending = handler.execute('write');
    lost.abort(new Error('lease lost'));
    await pending;
    expect(seen.map((s) => s.token)).toEqual([42, 43]);
    expect(seen[0]?.aborted).toBe(false);
    expect(seen[1]).toMatchObject({ aborted: true, reason: new Error('lease lost') });
  });

  it('says whether anything can abort the signal: a deadline, a caller signal, a hold that can be lost', async () => {
    const lost = new AbortController();
    const leased: LockStrategy = {
      kind: 'leased',
      runExclusive: async (fn) => fn({ signal: lost.signal }),
      runShared: async (fn) => fn({ signal: lost.signal }),
    };
    const seen = (registry: ActionRegistry): ActionRegistry => {
      registry.registerLocal('probe', (_inputs, context) => ({ abortable: context.abortable, aborted: context.signal.aborted }));
      return registry;
    };
    const inProcess = new ActionHandler(seen(new ActionRegistry({ lock: engineLock('rwlock') })));
    await expect(inProcess.execute('probe')).resolves.toEqual({ abortable: false, aborted: false });
    await expect(inProcess.execute('probe', {}, { timeoutMs: 1_000 })).resolves.toEqual({ abortable: true, aborted: false });
    await expect(inProcess.execute('probe', {}, { signal: new AbortController().signal })).resolves.toEqual({ abortable: true, aborted: false });
    await expect(new ActionHandler(seen(new ActionRegistry())).execute('probe')).resolves.toEqual({ abortable: false, aborted: false });
    await expect(new ActionHandler(seen(new ActionRegistry({ lock: leased }))).execute('probe')).resolves.toEqual({ abortable: true, aborted: false });
  });

  it('in-process locks issue no token', async () => {
    const registry = new ActionRegistry({ lock: engineLock('mutex') });
    registry.registerLocal('read', (_inputs, context) => ({ token: context.fencingToken ?? 'none' }));
    await expect(new ActionHandler(registry).execute('read')).resolves.toEqual({ token: 'none' });
  });
});
