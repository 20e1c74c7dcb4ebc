import { AssertionError } from 'node:assert';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@soni/core';
import { LoggerConfigError, memoryLogger } from '@soni/logging';
import { createLogCapture } from './log-capture';

describe('createLogCapture', () => {
  it("records what memoryLogger records: level, message, a copy of the fields (bindings included) and the time", () => {
    const logs = createLogCapture();
    const memory = memoryLogger();
    for (const logger of [logs, memory]) {
      const fields = { action: 'a' };
      logger.debug('one', fields);
      fields.action = 'changed';
      logger.warn('two');
      logger.child({ plugin: 'p' }).info('three', { action: 'b' });
    }
    const withoutTime = (records: readonly { time: number }[]) => records.map(({ time: _, ...rest }) => rest);
    expect(withoutTime(logs.records)).toEqual([
      { level: 'debug', message: 'one', fields: { action: 'a' } },
      { level: 'warn', message: 'two', fields: {} },
      { level: 'info', message: 'three', fields: { plugin: 'p', action: 'b' } },
    ]);
    expect(withoutTime(logs.records)).toEqual(withoutTime(memory.records));
    expect(logs.records.every((record) => typeof record.time === 'number')).toBe(true);
  });

  it("renders text and lines in memoryLogger's format", () => {
    const logs = createLogCapture();
    logs.warn("Overwriting existing global action 'x'. Previous: f, New: g", { action: 'x', scope: 'global' });
    logs.info('Cleared 2 global actions', { count: 2 });
    const expected = ["WARN  Overwriting existing global action 'x'. Previous: f, New: g action=x scope=global", 'INFO  Cleared 2 global actions count=2'];
    expect(logs.lines).toEqual(expected);
    expect(logs.text).toBe(expected.join('\n'));
  });

  it('drops records below its level, says so through isLevelEnabled, and rejects a bad level', () => {
    const logs = createLogCapture({ level: 'warn' });
    logs.info('ignored');
    logs.error('kept');
    expect(logs.messages()).toEqual(['kept']);
    expect(logs.isLevelEnabled('info')).toBe(false);
    expect(logs.isLevelEnabled('warn')).toBe(true);
    const bad = (): unknown => createLogCapture({ level: 'loud' as never });
    expect(bad).toThrow(LoggerConfigError);
    expect(bad).toThrow(InvalidArgumentError);
    expect(bad).toThrow(/unknown level 'loud' \(valid levels: debug, info, warn, error\)/);
  });

  it('filters by level, minimum level and message; messages also takes a level alone', () => {
    const logs = createLogCapture();
    logs.info('Registered global action: a');
    logs.warn("Overwriting existing global action 'a'");
    logs.error('boom');
    expect(logs.messages({ minLevel: 'warn' })).toEqual(["Overwriting existing global action 'a'", 'boom']);
    expect(logs.messages({ message: /^Registered/ })).toEqual(['Registered global action: a']);
    expect(logs.messages('error')).toEqual(['boom']);
    expect(logs.filter({ level: 'warn', message: 'Overwriting' })).toHaveLength(1);
    logs.clear();
    expect(logs.records).toEqual([]);
  });

  it('a child capture shares the records and has the query helpers', () => {
    const logs = createLogCapture();
    const child = logs.child({ plugin: 'billing' });
    child.warn('from the child');
    logs.warn('from the parent');
    expect(child.filter({ level: 'warn' }).map((r) => r.fields)).toEqual([{ plugin: 'billing' }, {}]);
    logs.assertLogged({ message: 'from the child' }, 1);
    child.clear();
    expect(logs.records).toEqual([]);
  });

  it('assertLogged passes on a match and throws an AssertionError listing what was logged otherwise', () => {
    const logs = createLogCapture();
    logs.warn("Overwriting existing global action 'x'");
    expect(logs.assertLogged({ level: 'warn', message: 'Overwriting' })).toHaveLength(1);
    expect(() => logs.assertLogged({ level: 'error' })).toThrow(AssertionError);
    expect(() => logs.assertLogged({ level: 'info', message: 'Overwriting' })).toThrow(/found 0. Logged:\n {2}WARN {2}Overwriting existing global action 'x'$/);
    expect(() => logs.assertLogged({ message: 'Overwriting' }, 2)).toThrow(/exactly 2 record/);
  });

  it('assertNotLogged throws when a record matches, listing the matching ones only', () => {
    const logs = createLogCapture();
    logs.debug('fine');
    logs.assertNotLogged({ minLevel: 'warn' });
    logs.error('bad');
    expect(() => {
      logs.assertNotLogged({ minLevel: 'warn' });
    }).toThrow(/^Expected no record with level >= warn, found 1:\n {2}ERROR bad$/);
  });
});
