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

describe('log capture reports', () => {
  it('describes each part of the query it looked for, and says when nothing was logged', () => {
    const logs = createLogCapture();
    expect(() => logs.assertLogged({})).toThrow(/^Expected at least one record with any record, found 0. Logged:\n {2}\(nothing was logged\)$/);
    expect(() => logs.assertLogged({ level: 'info', minLevel: 'debug', message: 'x' }, 2)).toThrow(
      /^Expected exactly 2 record\(s\) with level info, level >= debug, message containing 'x', found 0/,
    );
    expect(() => logs.assertLogged({ message: /^a+$/u })).toThrow(/with message matching \/\^a\+\$\/u, found 0/);
    let error: AssertionError | undefined;
    try {
      logs.assertLogged({ level: 'warn' });
    } catch (caught) {
      error = caught as AssertionError;
    }
    expect(error).toMatchObject({ actual: 0, expected: '>= 1', operator: 'assertLogged' });
  });

  it('assertLogged with a count passes on exactly that many and returns them', () => {
    const logs = createLogCapture();
    logs.info('a1');
    logs.info('a2');
    logs.info('b');
    expect(logs.assertLogged({ message: 'a' }, 2).map((r) => r.message)).toEqual(['a1', 'a2']);
    expect(() => logs.assertLogged({ message: 'a' }, 1)).toThrow(/^Expected exactly 1 record\(s\) with message containing 'a', found 2. Logged:\n {2}INFO {2}a1\n {2}INFO {2}a2\n {2}INFO {2}b$/);
    expect(logs.assertLogged({ message: 'c' }, 0)).toEqual([]);
  });

  it('filters out records below minLevel but keeps that level itself, and without a query returns every record', () => {
    const logs = createLogCapture();
    logs.debug('d');
    logs.info('i');
    logs.warn('w');
    expect(logs.messages({ minLevel: 'info' })).toEqual(['i', 'w']);
    expect(logs.messages()).toEqual(['d', 'i', 'w']);
    expect(logs.filter()).toHaveLength(3);
    expect(logs.messages({ message: 'w' })).toEqual(['w']);
  });

  it('assertNotLogged lists only the matching records, with their fields', () => {
    const logs = createLogCapture();
    logs.warn('first', { n: 1 });
    logs.info('second');
    logs.error('third');
    let error: AssertionError | undefined;
    try {
      logs.assertNotLogged({ minLevel: 'warn' });
    } catch (caught) {
      error = caught as AssertionError;
    }
    expect(error?.message).toBe('Expected no record with level >= warn, found 2:\n  WARN  first n=1\n  ERROR third');
    expect(error).toMatchObject({ actual: 2, expected: 0, operator: 'assertNotLogged' });
  });

  it('is frozen, and a child capture keeps its bindings in text and lines', () => {
    const logs = createLogCapture();
    expect(Object.isFrozen(logs)).toBe(true);
    const child = logs.child({ plugin: 'p' });
    child.info('hello');
    expect(child.lines).toEqual(['INFO  hello plugin=p']);
    expect(child.text).toBe('INFO  hello plugin=p');
    expect(child.isLevelEnabled('debug')).toBe(true);
    expect(child.messages('info')).toEqual(['hello']);
  });
});
