import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LoggerConfigError } from './errors';
import { memoryLogger } from './memory-logger';

describe('memoryLogger', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('records level, message, fields and time of every call, debug included by default', () => {
    const logger = memoryLogger();
    logger.debug('Registered global action: greet', { action: 'greet', scope: 'global' });
    vi.advanceTimersByTime(5);
    logger.warn('careful');
    expect(logger.records).toEqual([
      { level: 'debug', message: 'Registered global action: greet', fields: { action: 'greet', scope: 'global' }, time: 1_000 },
      { level: 'warn', message: 'careful', fields: {}, time: 1_005 },
    ]);
  });

  it('renders records as lines and text without the time', () => {
    const logger = memoryLogger();
    expect(logger.text).toBe('');
    logger.info('Cleared 2 global actions', { count: 2 });
    logger.error('failed', { error: new Error('boom'), action: 'x y' });
    expect(logger.lines).toEqual(['INFO  Cleared 2 global actions count=2', 'ERROR failed error="Error: boom" action="x y"']);
    expect(logger.text).toBe('INFO  Cleared 2 global actions count=2\nERROR failed error="Error: boom" action="x y"');
  });

  it('filters messages by level and forgets them on clear()', () => {
    const logger = memoryLogger();
    logger.info('a');
    logger.warn('b');
    logger.warn('c');
    expect(logger.messages()).toEqual(['a', 'b', 'c']);
    expect(logger.messages('warn')).toEqual(['b', 'c']);
    const snapshot = logger.records;
    logger.clear();
    expect(logger.records).toEqual([]);
    expect(snapshot).toHaveLength(3);
  });

  it('keeps a frozen copy of the fields, so later changes by the caller do not show', () => {
    const logger = memoryLogger();
    const fields: Record<string, unknown> = { action: 'x' };
    logger.info('m', fields);
    fields.action = 'changed';
    expect(logger.records[0]?.fields).toEqual({ action: 'x' });
    expect(Object.isFrozen(logger.records[0])).toBe(true);
    expect(Object.isFrozen(logger.records[0]?.fields)).toBe(true);
  });

  it('skips levels below its level', () => {
    const logger = memoryLogger({ level: 'warn' });
    logger.debug('no');
    logger.info('no');
    logger.error('yes');
    expect(logger.messages()).toEqual(['yes']);
    expect(logger.isLevelEnabled('info')).toBe(false);
    expect(logger.isLevelEnabled('warn')).toBe(true);
  });

  it('children record into the same list with their bindings', () => {
    const logger = memoryLogger();
    const child = logger.child({ plugin: 'p' });
    child.info('from child', { action: 'a' });
    logger.info('from parent');
    expect(logger.records.map((r) => r.fields)).toEqual([{ plugin: 'p', action: 'a' }, {}]);
    expect(child.messages()).toEqual(['from child', 'from parent']);
    child.clear();
    expect(logger.records).toEqual([]);
  });

  it('loses nothing when many async tasks log at once', async () => {
    vi.useRealTimers();
    const logger = memoryLogger();
    await Promise.all(
      Array.from({ length: 50 }, async (_, task) => {
        for (let i = 0; i < 20; i++) {
          logger.debug(`task ${task} step ${i}`);
          await Promise.resolve();
        }
      }),
    );
    expect(logger.records).toHaveLength(1_000);
    expect(new Set(logger.messages()).size).toBe(1_000);
  });

  it('rejects bad options with LoggerConfigError', () => {
    expect(() => memoryLogger({ level: 'all' as never })).toThrow(LoggerConfigError);
    expect(() => memoryLogger({ max: 3 } as never)).toThrow("memoryLogger: unknown option 'max' (valid options: level)");
  });
});

describe('memoryLogger boundaries', () => {
  it('hands out a copy of its records, so a caller cannot change what was logged', () => {
    const logger = memoryLogger();
    logger.info('kept');
    (logger.records as unknown[]).length = 0;
    expect(logger.records.map((r) => r.message)).toEqual(['kept']);
  });

  it("names the child call in the error for bad bindings, and rejects null bindings", () => {
    expect(() => memoryLogger().child('x' as never)).toThrow("memoryLogger().child: 'bindings' must be an object of fields, got 'x'");
    expect(() => memoryLogger().child(null as never)).toThrow(/'bindings' must be an object of fields, got null/);
  });
});
