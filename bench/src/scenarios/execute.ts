import { ActionHandler, ActionRegistry, type ActionContext, type ActionInputs } from '@soni/core';
import { createLock } from '@soni/locking';
import { silentLogger } from '@soni/logging';
import type { Scenario } from '../scenario';
import { sink } from '../scenario';

const CALLS = 100;

/**
 * `ActionHandler.execute(name, inputs)` with each lock strategy (from `createLock`) against
 * calling the action directly (`await action(inputs, context)`). One iteration awaits 100
 * executions in sequence.
 */
export function executeScenario(): Scenario {
  // eslint-disable-next-line @typescript-eslint/require-await -- actions are async functions; this one has nothing to wait for
  const action = async (inputs: ActionInputs, _context: ActionContext): Promise<{ doubled: number }> => ({ doubled: Number(inputs.n) * 2 });
  const inputs = { n: 21 };
  const context: ActionContext = { action: 'double', signal: new AbortController().signal };
  const handlerWith = (kind: 'none' | 'mutex' | 'rwlock'): ActionHandler => {
    const registry = new ActionRegistry({ lock: createLock(kind), logger: silentLogger() });
    registry.registerLocal('double', action);
    return new ActionHandler(registry);
  };
  const none = handlerWith('none');
  const mutex = handlerWith('mutex');
  const rwlock = handlerWith('rwlock');
  return {
    id: 'execute',
    title: 'ActionHandler.execute',
    subjects: [
      {
        id: 'direct',
        label: 'await action()',
        ops: CALLS,
        async: true,
        run: async () => {
          let total = 0;
          for (let i = 0; i < CALLS; i++) total += (await action(inputs, context)).doubled;
          sink.value += total;
        },
      },
      {
        id: 'execute-none',
        label: 'execute, none',
        ops: CALLS,
        async: true,
        run: async () => {
          let total = 0;
          for (let i = 0; i < CALLS; i++) total += Number((await none.execute('double', inputs)).doubled);
          sink.value += total;
        },
      },
      {
        id: 'execute-mutex',
        label: 'execute, mutex',
        ops: CALLS,
        async: true,
        run: async () => {
          let total = 0;
          for (let i = 0; i < CALLS; i++) total += Number((await mutex.execute('double', inputs)).doubled);
          sink.value += total;
        },
      },
      {
        id: 'execute-rwlock',
        label: 'execute, rwlock',
        ops: CALLS,
        async: true,
        run: async () => {
          let total = 0;
          for (let i = 0; i < CALLS; i++) total += Number((await rwlock.execute('double', inputs)).doubled);
          sink.value += total;
        },
      },
    ],
    comparisons: [
      { id: 'execute-none', label: 'execute (none) vs direct call', ours: 'execute-none', baseline: 'direct' },
      { id: 'execute-mutex', label: 'execute (mutex) vs direct call', ours: 'execute-mutex', baseline: 'direct' },
      { id: 'execute-rwlock', label: 'execute (rwlock) vs direct call', ours: 'execute-rwlock', baseline: 'direct' },
    ],
  };
}
