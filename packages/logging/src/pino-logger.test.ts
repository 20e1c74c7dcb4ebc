import { LOG_LEVELS } from '@soni/core';
import { pino, type Level } from 'pino';
import { describe, expect, it } from 'vitest';
import { LoggerConfigError } from './errors';
import { pinoLogger } from './pino-logger';
import type { PinoLike } from './pino-logger';

/** A real pino logger writing JSON lines into an array. */
function capture(level: Level = 'debug') {
  const lines: Record<string, unknown>[] = [];
  const stream = {
    write(chunk: string) {
      for (const line of chunk.split('\n')) if (line !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
    },
  };
  return { lines, instance: pino({ level, base: { app: 'test' } }, stream) };
}

describe('pinoLogger', () => {
  it('writes (message, fields) as pino (fields, message) at the matching level', () => {
    const { lines, instance } = capture();
    const logger = pinoLogger(instance);
    logger.debug('Registered global action: greet', { action: 'greet', scope: 'global' });
    logger.info('Cleared 2 global actions', { count: 2 });
    logger.warn('careful');
    logger.error('broken', { action: 'x' });

    expect(lines.map(({ level, msg }) => [level, msg])).toEqual([
      [20, 'Registered global action: greet'],
      [30, 'Cleared 2 global actions'],
      [40, 'careful'],
      [50, 'broken'],
    ]);
    expect(lines[0]).toMatchObject({ action: 'greet', scope: 'global', app: 'test' });
    expect(lines[1]).toMatchObject({ count: 2 });
    expect(typeof lines[0]?.time).toBe('number');
  });

  it('writes nothing below the instance level and reports those levels disabled', () => {
    const { lines, instance } = capture('warn');
    const logger = pinoLogger(instance);
    logger.debug('no');
    logger.info('no', { a: 1 });
    logger.warn('yes');
    expect(lines.map((line) => line.msg)).toEqual(['yes']);
    expect(LOG_LEVELS.map((level) => logger.isLevelEnabled(level))).toEqual([false, false, true, true]);
  });

  it('follows a level change made on the instance later', () => {
    const { lines, instance } = capture('info');
    const logger = pinoLogger(instance);
    expect(logger.isLevelEnabled('debug')).toBe(false);
    instance.level = 'debug';
    expect(logger.isLevelEnabled('debug')).toBe(true);
    logger.debug('now visible');
    expect(lines.map((line) => line.msg)).toEqual(['now visible']);
  });

  it("answers isLevelEnabled as pino's own isLevelEnabled does, at every pino level", () => {
    const { instance } = capture();
    const childInstance = instance.child({ a: 1 });
    const pairs = [
      [instance, pinoLogger(instance)],
      [childInstance, pinoLogger(childInstance)],
    ] as const;
    for (const level of ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const) {
      for (const target of [instance, childInstance]) {
        target.level = level;
        for (const [pinoInstance, logger] of pairs) {
          expect(LOG_LEVELS.map((l) => logger.isLevelEnabled(l)), level).toEqual(LOG_LEVELS.map((l) => pinoInstance.isLevelEnabled(l)));
        }
      }
    }
  });

  it("asks the instance's isLevelEnabled when it has no silent no-op to compare with", () => {
    const calls: unknown[][] = [];
    const fake = {
      debug: (...args: unknown[]) => calls.push(['debug', ...args]),
      info: (...args: unknown[]) => calls.push(['info', ...args]),
      warn: (...args: unknown[]) => calls.push(['warn', ...args]),
      error: (...args: unknown[]) => calls.push(['error', ...args]),
      isLevelEnabled: (level: string) => level === 'error',
      child: () => fake,
    };
    const logger = pinoLogger(fake);
    expect(LOG_LEVELS.map((l) => logger.isLevelEnabled(l))).toEqual([false, false, false, true]);
    logger.error('m', { a: 1 });
    logger.warn('plain');
    expect(calls).toEqual([
      ['error', { a: 1 }, 'm'],
      ['warn', 'plain'],
    ]);
  });

  it('adds bindings through a pino child, and child() adds more', () => {
    const { lines, instance } = capture();
    const logger = pinoLogger(instance, { bindings: { component: 'actions' } });
    logger.info('one');
    logger.child({ plugin: 'billing' }).info('two', { action: 'pay' });
    expect(lines[0]).toMatchObject({ msg: 'one', component: 'actions' });
    expect(lines[1]).toMatchObject({ msg: 'two', component: 'actions', plugin: 'billing', action: 'pay' });
    expect(instance.bindings()).not.toHaveProperty('component');
  });

  it('sets the level of its own child without touching the instance', () => {
    const { lines, instance } = capture('info');
    const logger = pinoLogger(instance, { level: 'error' });
    logger.warn('dropped');
    logger.error('kept');
    instance.warn('instance still at info');
    expect(instance.level).toBe('info');
    expect(logger.isLevelEnabled('warn')).toBe(false);
    expect(lines.map((line) => line.msg)).toEqual(['kept', 'instance still at info']);
  });

  it("passes an Error in 'error' under pino's err key so its message and stack are kept", () => {
    const { lines, instance } = capture();
    pinoLogger(instance).error('dispose failed', { action: 'x', error: new Error('boom') });
    expect(lines[0]).toMatchObject({ action: 'x', err: { type: 'Error', message: 'boom' } });
    expect(lines[0]).not.toHaveProperty('error');
    expect(String((lines[0]?.err as { stack: unknown }).stack)).toContain('boom');

    const raw = capture();
    pinoLogger(raw.instance, { errorKey: false }).error('kept as is', { error: new Error('boom') });
    expect(raw.lines[0]).toHaveProperty('error');
    expect(raw.lines[0]).not.toHaveProperty('err');
  });

  it('rejects what is not a pino logger, and bad options, with LoggerConfigError', () => {
    const { instance } = capture();
    expect(() => pinoLogger({ info: () => undefined } as never)).toThrow(LoggerConfigError);
    expect(() => pinoLogger(console as never)).toThrow(/expected a pino logger .*got an object/);
    expect(() => pinoLogger(instance, { level: 'trace' as never })).toThrow(/unknown level 'trace' \(valid levels: debug, info, warn, error\)/);
    expect(() => pinoLogger(instance, { bindings: 'x' as never })).toThrow(/'bindings' must be an object/);
    expect(() => pinoLogger(instance, { colour: true } as never)).toThrow(/unknown option 'colour' \(valid options: bindings, level, errorKey\)/);
    expect(() => pinoLogger(instance, { errorKey: '' })).toThrow(/'errorKey' must be a non-empty string or false/);
  });
});

describe('pinoLogger error key and children', () => {
  /** A pino-like recorder: every call with its arguments, and every child made. */
  function recorder() {
    const calls: unknown[][] = [];
    const children: unknown[][] = [];
    const make = (): PinoLike => ({
      debug: (...args: unknown[]) => { calls.push(['debug', ...args]); },
      info: (...args: unknown[]) => { calls.push(['info', ...args]); },
      warn: (...args: unknown[]) => { calls.push(['warn', ...args]); },
      error: (...args: unknown[]) => { calls.push(['error', ...args]); },
      child: (...args: unknown[]) => {
        children.push(args);
        return make();
      },
    });
    return { calls, children, instance: make() };
  }

  it('moves an Error under a custom errorKey, but never over a field of that name nor a non-Error', () => {
    const { calls, instance } = recorder();
    const logger = pinoLogger(instance, { errorKey: 'failure' });
    const boom = new Error('boom');
    logger.error('moved', { action: 'a', error: boom });
    logger.error('kept', { error: boom, failure: 'already there' });
    logger.error('not an error', { error: 'text' });
    expect(calls).toEqual([
      ['error', { action: 'a', failure: boom }, 'moved'],
      ['error', { error: boom, failure: 'already there' }, 'kept'],
      ['error', { error: 'text' }, 'not an error'],
    ]);
  });

  it("keeps an Error under 'error' when that is the errorKey", () => {
    const { calls, instance } = recorder();
    const boom = new Error('boom');
    pinoLogger(instance, { errorKey: 'error' }).error('as is', { error: boom });
    expect(calls).toEqual([['error', { error: boom }, 'as is']]);
  });

  it('calls pino with the message alone when there are no fields, and (fields, message) otherwise', () => {
    const { calls, instance } = recorder();
    const logger = pinoLogger(instance);
    logger.info('alone');
    logger.warn('with', { a: 1 });
    expect(calls).toEqual([['info', 'alone'], ['warn', { a: 1 }, 'with']]);
  });

  it('makes a pino child only for bindings or a level, and passes the level as its option', () => {
    const { children, instance } = recorder();
    pinoLogger(instance);
    expect(children).toEqual([]);
    pinoLogger(instance, { level: 'warn' });
    pinoLogger(instance, { bindings: { a: 1 } });
    expect(children).toEqual([[{}, { level: 'warn' }], [{ a: 1 }, {}]]);
    const child = pinoLogger(instance).child({ b: 2 });
    expect(children.at(-1)).toEqual([{ b: 2 }]);
    child.error('from the child', { error: new Error('x') });
    expect(() => child.child('x' as never)).toThrow("pinoLogger().child: 'bindings' must be an object of fields, got 'x'");
  });

  it("tells the levels that are off by pino's silent no-op alone, without isLevelEnabled", () => {
    const silent = (): void => undefined;
    const { instance } = recorder();
    const logger = pinoLogger({ ...instance, silent, debug: silent, error: silent });
    expect(LOG_LEVELS.map((level) => logger.isLevelEnabled(level))).toEqual([false, true, true, false]);
  });

  it('counts every level as enabled when the instance can tell neither by silent nor isLevelEnabled', () => {
    const { instance } = recorder();
    const logger = pinoLogger(instance);
    expect(LOG_LEVELS.map((level) => logger.isLevelEnabled(level))).toEqual([true, true, true, true]);
  });

  it('rejects an errorKey that is neither a string nor false', () => {
    const { instance } = capture();
    expect(() => pinoLogger(instance, { errorKey: 5 as never })).toThrow("pinoLogger: 'errorKey' must be a non-empty string or false, got 5");
    expect(() => pinoLogger(instance, { errorKey: true as never })).toThrow(/'errorKey' must be a non-empty string or false, got true/);
    expect(() => pinoLogger(null as never)).toThrow('pinoLogger: expected a pino logger (with debug, info, warn, error, child), got null');
  });
});
