import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ActionRegistry } from './action-registry';
import type { ActionFunc } from './action-types';
import { DuplicateActionError } from './errors';
import { NO_LOCK } from './lock-strategy';
import { defaultLogger } from './logger';
import { recordingLogger, testMutex } from './test-support.fixture';

function named(name: string): ActionFunc {
  return { [name]: () => ({ from: name }) }[name] as ActionFunc;
}

describe('ActionRegistry.configure / resetConfiguration / configuration', () => {
  beforeEach(() => {
    ActionRegistry.resetConfiguration();
    ActionRegistry.clearGlobal();
  });

  afterEach(() => {
    ActionRegistry.clearGlobal();
    ActionRegistry.resetConfiguration();
  });

  it('configuration() reads the defaults when nothing is configured', () => {
    expect(ActionRegistry.configuration()).toEqual({ lock: NO_LOCK, logger: defaultLogger(), onDuplicate: 'warn' });
  });

  it('configure merges: configure({ logger }) keeps the lock and the duplicate policy in force', async () => {
    const lock = testMutex();
    const first = recordingLogger();
    const second = recordingLogger();
    ActionRegistry.configure({ lock, logger: first, onDuplicate: 'error' });
    ActionRegistry.configure({ logger: second });

    expect(ActionRegistry.configuration()).toEqual({ lock, logger: second, onDuplicate: 'error' });
    // And it behaves that way: the policy still throws, the new logger receives, the lock still runs transactions.
    ActionRegistry.register('x')(named('f'));
    expect(() => ActionRegistry.register('x')(named('g'))).toThrow(DuplicateActionError);
    expect(second.text()).toContain('Registered global action: x');
    expect(first.records).toEqual([]);
    await ActionRegistry.transaction((tx) => {
      expect(lock.active).toBe(1);
      tx.register('y', named('h'));
    });
    expect(lock.maxActive).toBe(1);
  });

  it('a field given as undefined keeps its value, and configure({}) changes nothing', () => {
    const logger = recordingLogger();
    ActionRegistry.configure({ logger, onDuplicate: 'ignore' });
    ActionRegistry.configure({});
    ActionRegistry.configure({ logger: undefined, onDuplicate: undefined } as never);
    expect(ActionRegistry.configuration()).toEqual({ lock: NO_LOCK, logger, onDuplicate: 'ignore' });
  });

  it('resetConfiguration puts every field back to its default', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const log = recordingLogger();
      ActionRegistry.configure({ lock: testMutex(), onDuplicate: 'error', logger: log });
      ActionRegistry.resetConfiguration();
      expect(ActionRegistry.configuration()).toEqual({ lock: NO_LOCK, logger: defaultLogger(), onDuplicate: 'warn' });
      ActionRegistry.register('x')(named('f'));
      ActionRegistry.register('x')(named('g'));
      // Default policy 'warn', default logger: the console.
      expect(warn).toHaveBeenCalledWith("Overwriting existing global action 'x'. Previous: f, New: g");
      expect(log.records).toEqual([]);
    } finally {
      warn.mockRestore();
    }
  });

  it('configuration() is a frozen copy: later changes do not show in it', () => {
    const logger = recordingLogger();
    ActionRegistry.configure({ logger });
    const before = ActionRegistry.configuration();
    expect(Object.isFrozen(before)).toBe(true);
    ActionRegistry.configure({ onDuplicate: 'error' });
    expect(before.onDuplicate).toBe('warn');
    expect(ActionRegistry.configuration().onDuplicate).toBe('error');
    expect(() => {
      (before as { onDuplicate: string }).onDuplicate = 'ignore';
    }).toThrow(TypeError);
  });

  it('a rejected configure changes no field, not even the valid ones given with it', () => {
    const logger = recordingLogger();
    ActionRegistry.configure({ logger });
    expect(() => {
      ActionRegistry.configure({ onDuplicate: 'error', lock: 'mutex' } as never);
    }).toThrow(/'lock' must be a LockStrategy/);
    expect(ActionRegistry.configuration()).toEqual({ lock: NO_LOCK, logger, onDuplicate: 'warn' });
  });

  it('an instance keeps the options it was built with, filled in with the defaults', () => {
    const logger = recordingLogger();
    const registry = new ActionRegistry({ logger });
    registry.registerLocal('x', named('f'));
    expect(logger.text()).toContain('Registered local action: x');
    // The global configuration is a separate thing.
    expect(ActionRegistry.configuration().logger).toBe(defaultLogger());
  });
});
