import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActionRegistry } from './action-registry';
import type { ActionFunc } from './action-types';
import { recordingLogger, yieldToEventLoop } from './test-support.fixture';

const named = (name: string): ActionFunc => ({ [name]: () => ({ from: name }) })[name] as ActionFunc;

describe('what the registry logs carries the action and its scope as fields', () => {
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

  const fieldsOf = (message: RegExp): unknown[] => log.records.filter((r) => message.test(r.message)).map((r) => r.fields);

  it('for a direct unregister', () => {
    const registry = new ActionRegistry({ logger: log });
    registry.registerLocal('gone', named('gone'));
    registry.unregisterLocal('gone');
    expect(fieldsOf(/^Unregistered local action: gone$/)).toEqual([{ action: 'gone', scope: 'local' }]);
  });

  it('for what a transaction registers, replaces and unregisters', async () => {
    ActionRegistry.register('kept')(named('kept'));
    ActionRegistry.register('dropped')(named('dropped'));
    await ActionRegistry.transaction((tx) => {
      tx.register('fresh', named('fresh'));
      tx.register('kept', named('kept2'));
      tx.unregister('dropped');
    });
    expect(fieldsOf(/^Registered global action: fresh$/)).toEqual([{ action: 'fresh', scope: 'global' }]);
    expect(fieldsOf(/^Replaced global action 'kept' in a transaction/)).toHaveLength(1);
    expect(fieldsOf(/^Replaced global action 'kept' in a transaction/)[0]).toMatchObject({ action: 'kept', scope: 'global' });
    expect(fieldsOf(/^Unregistered global action: dropped$/)).toEqual([{ action: 'dropped', scope: 'global' }]);
  });

  it('for a dispose that failed, with the error', async () => {
    const failure = new Error('cannot close');
    const registry = new ActionRegistry({ logger: log });
    registry.registerLocal('closing', named('closing'), {
      dispose: () => {
        throw failure;
      },
    });
    registry.unregisterLocal('closing');
    await yieldToEventLoop();
    const records = log.records.filter((r) => r.level === 'error' && /^Disposing local action 'closing' failed: cannot close$/.test(r.message));
    expect(records.map((r) => r.fields)).toEqual([{ action: 'closing', scope: 'local', error: failure }]);
  });
});
