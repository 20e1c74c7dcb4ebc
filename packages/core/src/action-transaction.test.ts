import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ActionRegistry } from './action-registry';
import type { ActionFunc } from './action-types';
import { DuplicateActionError, InvalidArgumentError, TransactionClosedError } from './errors';
import { brokenLock, gate, recordingLogger, testMutex, yieldToEventLoop } from './test-support.fixture';

const named = (name: string): ActionFunc => ({ [name]: () => ({ from: name }) })[name] as ActionFunc;

describe('transactions', () => {
  let log: ReturnType<typeof recordingLogger>;

  beforeEach(() => {
    log = recordingLogger();
    ActionRegistry.configure({ logger: log });
    ActionRegistry.clearGlobal();
  });

  afterEach(() => {
    ActionRegistry.clearGlobal();
    ActionRegistry.resetConfiguration();
  });

  it('commits every staged change together when the body resolves, and resolves to its result', async () => {
    const registry = new ActionRegistry();
    ActionRegistry.register('old')(named('old'));
    const a = named('a');
    const result = await ActionRegistry.transaction(async (tx) => {
      tx.register('a', a);
      await yieldToEventLoop();
      expect(registry.has('a')).toBe(false); // staged, not applied
      expect(tx.has('a')).toBe(true); // but visible to the transaction
      expect(tx.unregister('old')).toBe(true);
      expect(tx.get('old')).toBeUndefined();
      expect(tx.unregister('never')).toBe(false);
      return 'done';
    });
    expect(result).toBe('done');
    expect(registry.listActions()).toEqual({ global: ['a'], local: [] });
    expect(registry.get('a')).toBe(a);
  });

  it('applies nothing when the body throws, and rethrows its error', async () => {
    const registry = new ActionRegistry();
    registry.registerLocal('keep', named('keep'));
    const before = registry.listActions();
    const boom = new Error('validation failed');
    await expect(
      registry.transaction(async (tx) => {
        tx.register('new', named('new'));
        tx.unregister('keep');
        await yieldToEventLoop();
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(registry.listActions()).toBe(before);
  });

  it('keeps a synchronous registration made during the transaction (commit applies onto the current state)', async () => {
    const registry = new ActionRegistry();
    const inside = gate();
    const pending = registry.transaction(async (tx) => {
      tx.register('from_tx', named('fromTx'));
      await inside.promise;
    });
    await yieldToEventLoop();
    registry.registerLocal('meanwhile', named('meanwhile'));
    inside.open();
    await pending;
    expect(registry.listActions().local).toEqual(['meanwhile', 'from_tx']);
  });

  it('a snapshot-replace commit (the broken variant) loses that registration: the scenario above catches it', async () => {
    // What a naive implementation does: copy the map at the start, mutate the copy across
    // awaits, then swap it in. Same scenario, and the registration made meanwhile is lost.
    let actions = new Map<string, ActionFunc>();
    const inside = gate();
    const naiveTransaction = async (): Promise<void> => {
      const copy = new Map(actions);
      copy.set('from_tx', named('fromTx'));
      await inside.promise;
      actions = copy;
    };
    const pending = naiveTransaction();
    await yieldToEventLoop();
    actions.set('meanwhile', named('meanwhile'));
    inside.open();
    await pending;
    expect([...actions.keys()]).not.toEqual(['meanwhile', 'from_tx']);
    expect(actions.has('meanwhile')).toBe(false);
  });

  it("with onDuplicate: 'error' a duplicate aborts the whole commit", async () => {
    const registry = new ActionRegistry({ onDuplicate: 'error' });
    registry.registerLocal('taken', named('first'));
    const inside = gate();
    const pending = registry.transaction(async (tx) => {
      tx.register('fresh', named('fresh'));
      await inside.promise;
      tx.register('late', named('late'));
    });
    await yieldToEventLoop();
    registry.registerLocal('late', named('sync')); // taken meanwhile: the commit must fail whole
    inside.open();
    await expect(pending).rejects.toBeInstanceOf(DuplicateActionError);
    expect(registry.listActions().local).toEqual(['taken', 'late']);
    // Staging a name that is visibly taken fails at once.
    await expect(
      registry.transaction((tx) => {
        tx.register('taken', named('again'));
      }),
    ).rejects.toMatchObject({ code: 'DUPLICATE_ACTION', action: 'taken', scope: 'local' });
  });

  it('logs what it commits; replacing inside a transaction is deliberate, so it is a debug line, not a warning', async () => {
    ActionRegistry.register('x')(named('f'));
    await ActionRegistry.transaction((tx) => {
      tx.register('x', named('g'));
      tx.unregister('x');
      tx.register('y', named('h'));
    });
    expect(log.text()).toContain("DEBUG Replaced global action 'x' in a transaction. Previous: f, New: g");
    expect(log.records.filter((r) => r.level === 'warn')).toEqual([]);
    expect(log.text()).toContain('DEBUG Unregistered global action: x');
    expect(log.text()).toContain('DEBUG Registered global action: y');
  });

  it('calls dispose exactly once for what the commit replaced or removed, and never on rollback', async () => {
    const registry = new ActionRegistry();
    const disposeV1 = vi.fn();
    const disposeGone = vi.fn();
    const disposeStaged = vi.fn();
    registry.registerLocal('greet', named('v1'), { dispose: disposeV1 });
    registry.registerLocal('gone', named('gone'), { dispose: disposeGone });
    await expect(
      registry.transaction((tx) => {
        tx.register('greet', named('never'), { dispose: disposeStaged });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    await yieldToEventLoop();
    expect(disposeV1).not.toHaveBeenCalled();
    expect(disposeStaged).not.toHaveBeenCalled();
    await registry.transaction((tx) => {
      tx.register('greet', named('v2'));
      tx.unregister('gone');
    });
    await yieldToEventLoop();
    expect(disposeV1).toHaveBeenCalledTimes(1);
    expect(disposeGone).toHaveBeenCalledTimes(1);
  });

  it('rejects use of the handle after the transaction ended', async () => {
    const registry = new ActionRegistry();
    let leaked: Parameters<Parameters<ActionRegistry['transaction']>[0]>[0] | undefined;
    await registry.transaction((tx) => {
      leaked = tx;
    });
    expect(() => {
      leaked?.register('late', named('late'));
    }).toThrow(TransactionClosedError);
    expect(() => leaked?.unregister('late')).toThrow(/Cannot unregister: the transaction has already ended/);
    expect(registry.has('late')).toBe(false);
  });

  it('validates staged registrations at once, leaving the transaction usable', async () => {
    const registry = new ActionRegistry();
    await registry.transaction((tx) => {
      expect(() => {
        tx.register('', named('x'));
      }).toThrow(InvalidArgumentError);
      expect(() => {
        tx.register('x', 'nope' as never);
      }).toThrow(/must be a function/);
      expect(() => {
        tx.register('x', named('x'), { inputs: 'a' } as never);
      }).toThrow(/'inputs' must be an array/);
      tx.register('x', named('x'));
    });
    expect(registry.list()).toEqual(['x']);
  });

  it('rejects a non-function body and bad lock options with a TypeError', async () => {
    await expect(ActionRegistry.transaction('nope' as never)).rejects.toThrow(/the transaction body must be a function, got 'nope'/);
    await expect(new ActionRegistry().transaction(() => undefined, { timeoutMs: -1 })).rejects.toThrow(/'timeoutMs' must be a finite number of milliseconds >= 0/);
    await expect(new ActionRegistry().transaction(() => undefined, { signal: 'x' } as never)).rejects.toThrow(/'signal' must be an AbortSignal/);
  });

  describe('under the scope lock', () => {
    async function overlapping(lockFactory: typeof testMutex | typeof brokenLock): Promise<string[]> {
      const events: string[] = [];
      const registry = new ActionRegistry({ lock: lockFactory() });
      const body = (id: string) => async (): Promise<void> => {
        events.push(`${id}:start`);
        await yieldToEventLoop();
        await yieldToEventLoop();
        events.push(`${id}:end`);
      };
      await Promise.all([registry.transaction(body('t1')), registry.transaction(body('t2'))]);
      return events;
    }

    it('runs transactions one at a time (exclusive mode)', async () => {
      expect(await overlapping(testMutex)).toEqual(['t1:start', 't1:end', 't2:start', 't2:end']);
    });

    it('the same check catches a lock that coordinates nothing', async () => {
      expect(await overlapping(brokenLock)).toEqual(['t1:start', 't2:start', 't1:end', 't2:end']);
    });

    it('passes signal and timeout to the lock, and a lock refusal leaves the scope unchanged', async () => {
      const registry = new ActionRegistry({ lock: testMutex() });
      const controller = new AbortController();
      controller.abort(new Error('shutting down'));
      await expect(
        registry.transaction(
          (tx) => {
            tx.register('x', named('x'));
          },
          { signal: controller.signal },
        ),
      ).rejects.toThrow('shutting down');
      expect(registry.has('x')).toBe(false);
    });
  });
});
