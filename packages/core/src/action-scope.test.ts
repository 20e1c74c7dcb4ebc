/**
 * Behaviour of one scope that the registry tests do not reach directly: how `dispose` results
 * of every shape are handled, and how any thrown value is described in a message.
 */
import { describe, expect, it } from 'vitest';
import { ActionHandler } from './action-handler';
import { ActionRegistry } from './action-registry';
import { errorMessage } from './action-scope';
import { recordingLogger, yieldToEventLoop } from './test-support.fixture';

describe('describing a thrown value', () => {
  it('uses an Error message, a string as is, and anything else through String()', () => {
    expect(errorMessage(new Error('plain'))).toBe('plain');
    expect(errorMessage(Object.assign(new Error('x'), { message: 42 }))).toBe('42');
    expect(errorMessage('text')).toBe('text');
    expect(errorMessage(7)).toBe('7');
    expect(errorMessage(undefined)).toBe('undefined');
  });

  it('never throws itself, whatever it is given', () => {
    const hostile = {
      toString: () => {
        throw new Error('no');
      },
    };
    const hostileError = Object.defineProperty(new Error('x'), 'message', {
      get: () => {
        throw new Error('no');
      },
    });
    expect(errorMessage(hostile)).toBe('an error that cannot be described');
    expect(errorMessage(hostileError)).toBe('an error that cannot be described');
    expect(errorMessage(Object.create(null))).toBe('an error that cannot be described');
  });

  it('an action that throws a non-Error is EXECUTION_FAILED with that value described', async () => {
    const registry = new ActionRegistry();
    registry.registerLocal('string', () => {
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- user code may throw anything
      throw 'out of stock';
    });
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- user code may reject with anything
    registry.registerLocal('number', () => Promise.reject(404));
    const handler = new ActionHandler(registry);
    await expect(handler.execute('string')).rejects.toMatchObject({ code: 'EXECUTION_FAILED', message: 'Action execution failed: out of stock', cause: 'out of stock' });
    await expect(handler.execute('number', {}, { timeoutMs: 1000 })).rejects.toMatchObject({ message: 'Action execution failed: 404', cause: 404 });
  });
});

describe('dispose results of every shape', () => {
  async function disposeWith(dispose: () => unknown): Promise<string[]> {
    const logger = recordingLogger();
    const registry = new ActionRegistry({ logger });
    registry.registerLocal('x', () => ({}), { dispose: dispose as () => undefined });
    registry.unregisterLocal('x');
    await yieldToEventLoop();
    return logger.records.filter((r) => r.level === 'error').map((r) => r.message);
  }

  it('runs on its own microtask, after the change that retired the entry', async () => {
    const registry = new ActionRegistry();
    const order: string[] = [];
    registry.registerLocal('x', () => ({}), {
      dispose: () => {
        order.push('disposed');
      },
    });
    registry.unregisterLocal('x');
    order.push('unregistered');
    await yieldToEventLoop();
    expect(order).toEqual(['unregistered', 'disposed']);
  });

  it('a rejected thenable is logged; a resolved one, a plain value or an object with a non-function then is not', async () => {
    const rejecting = { then: (_resolve: unknown, reject: (e: unknown) => void) => {
        reject(new Error('thenable failed'));
      },
    };
    expect(await disposeWith(() => rejecting)).toEqual(["Disposing local action 'x' failed: thenable failed"]);
    expect(await disposeWith(() => Promise.resolve())).toEqual([]);
    expect(await disposeWith(() => 42)).toEqual([]);
    expect(await disposeWith(() => ({ then: 'not a function' }))).toEqual([]);
    expect(await disposeWith(() => null)).toEqual([]);
  });

  it('a dispose function that returns a rejecting function-thenable is logged too', async () => {
    const thenable = Object.assign(() => undefined, {
      then: (_resolve: unknown, reject: (e: unknown) => void) => {
        reject(new Error('fn thenable'));
      },
    });
    expect(await disposeWith(() => thenable)).toEqual(["Disposing local action 'x' failed: fn thenable"]);
  });

  it('a result whose then getter throws is logged, not thrown', async () => {
    const hostile = Object.defineProperty({}, 'then', {
      get: () => {
        throw new Error('hostile getter');
      },
    });
    expect(await disposeWith(() => hostile)).toEqual(["Disposing local action 'x' failed: hostile getter"]);
  });

  it('runs once, even when the entry is retired twice (replaced, then the registry cleared)', async () => {
    const registry = new ActionRegistry();
    let calls = 0;
    registry.registerLocal('x', () => ({}), {
      dispose: () => {
        calls++;
      },
    });
    const snapshot = registry.listActions();
    registry.registerLocal('x', () => ({ replaced: true }));
    registry.clearLocal();
    await yieldToEventLoop();
    expect(calls).toBe(1);
    expect(snapshot.local).toEqual(['x']);
  });
});
