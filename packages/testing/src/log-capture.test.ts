import { AssertionError } from 'node:assert';
import { describe, expect, it } from 'vitest';
import { createLogCapture } from './log-capture';

describe('createLogCapture', () => {
  it('records level, message and a copy of the fields, in call order', () => {
    const logs = createLogCapture();
    const fields = { action: 'a' };
    logs.debug('one', fields);
    fields.action = 'changed';
    logs.warn('two');
    expect(logs.records).toEqual([
      { level: 'debug', message: 'one', fields: { action: 'a' } },
      { level: 'warn', message: 'two', fields: undefined },
    ]);
    expect(logs.text).toBe('one\ntwo');
  });

  it('drops records below its level and says so through isLevelEnabled', () => {
    const logs = createLogCapture({ level: 'warn' });
    logs.info('ignored');
    logs.error('kept');
    expect(logs.messages()).toEqual(['kept']);
    expect(logs.isLevelEnabled?.('info')).toBe(false);
    expect(logs.isLevelEnabled?.('warn')).toBe(true);
    expect(() => createLogCapture({ level: 'loud' as never })).toThrow(/level must be one of debug, info, warn, error; got 'loud'/);
  });

  it('filters by level, minimum level and message', () => {
    const logs = createLogCapture();
    logs.info("Registered global action: a");
    logs.warn("Overwriting existing global action 'a'");
    logs.error('boom');
    expect(logs.messages({ minLevel: 'warn' })).toEqual(["Overwriting existing global action 'a'", 'boom']);
    expect(logs.messages({ message: /^Registered/ })).toEqual(['Registered global action: a']);
    expect(logs.filter({ level: 'warn', message: 'Overwriting' })).toHaveLength(1);
    logs.clear();
    expect(logs.records).toEqual([]);
  });

  it('assertLogged passes on a match and throws an AssertionError listing what was logged otherwise', () => {
    const logs = createLogCapture();
    logs.warn("Overwriting existing global action 'x'");
    expect(logs.assertLogged({ level: 'warn', message: 'Overwriting' })).toHaveLength(1);
    expect(() => logs.assertLogged({ level: 'error' })).toThrow(AssertionError);
    expect(() => logs.assertLogged({ level: 'info', message: 'Overwriting' })).toThrow(/found 0. Logged:\n {2}\[warn\] Overwriting/);
    expect(() => logs.assertLogged({ message: 'Overwriting' }, 2)).toThrow(/exactly 2 record/);
  });

  it('assertNotLogged throws when a record matches', () => {
    const logs = createLogCapture();
    logs.debug('fine');
    logs.assertNotLogged({ minLevel: 'warn' });
    logs.error('bad');
    expect(() => {
      logs.assertNotLogged({ minLevel: 'warn' });
    }).toThrow(/Expected no record with level >= warn, found 1/);
  });
});
