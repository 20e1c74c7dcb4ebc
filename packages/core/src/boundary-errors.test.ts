/**
 * Error codes that say what happened (issue #11): each of these surfaced as a misleading code,
 * or as no error at all, before.
 */
import { describe, expect, it } from 'vitest';
import { ActionHandler } from './action-handler';
import { ActionRegistry } from './action-registry';
import type { ActionTransaction } from './action-transaction';
import { ActionError, TransactionClosedError } from './errors';

describe('accurate codes at the boundary', () => {
  it('an input getter that throws is INVALID_INPUTS (the action never ran), not EXECUTION_FAILED', async () => {
    const registry = new ActionRegistry();
    let ran = false;
    registry.registerLocal('x', () => {
      ran = true;
      return {};
    }, { inputs: ['token'] });
    const hostile = Object.defineProperty({}, 'token', {
      enumerable: true,
      get: () => {
        throw new Error('getter exploded');
      },
    });
    const error = await new ActionHandler(registry).execute('x', hostile).catch((e: unknown) => e);
    expect(ActionError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'INVALID_INPUTS', message: "Action 'x' inputs could not be read: getter exploded" });
    expect(ran).toBe(false);
  });

  it('a proxy whose traps throw is INVALID_INPUTS too', async () => {
    const registry = new ActionRegistry();
    registry.registerLocal('x', () => ({}), { inputs: ['a'] });
    const proxy = new Proxy({}, { getOwnPropertyDescriptor: () => { throw new Error('trap'); } });
    await expect(new ActionHandler(registry).execute('x', proxy)).rejects.toMatchObject({ code: 'INVALID_INPUTS' });
  });

  it('tx.get and tx.has after the transaction ended throw TransactionClosedError instead of answering', async () => {
    const registry = new ActionRegistry();
    registry.registerLocal('x', () => ({}));
    let leaked: ActionTransaction | undefined;
    await registry.transaction((tx) => {
      leaked = tx;
    });
    expect(() => leaked?.get('x')).toThrow(TransactionClosedError);
    expect(() => leaked?.has('x')).toThrow(TransactionClosedError);
    expect(() => leaked?.register('y', () => ({}))).toThrow(TransactionClosedError);
    expect(() => leaked?.unregister('x')).toThrow(TransactionClosedError);
    expect(registry.list()).toEqual(['x']);
  });
});
