import { afterEach, describe, expect, it, vi } from 'vitest';
import { LOG_LEVELS, defaultLogger, isLevelEnabled, isLogger, type Logger } from './logger';

describe('the default logger', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('writes warnings and errors to the console, one line each, and drops debug and info', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => undefined);
    const logger = defaultLogger();
    logger.debug('quiet');
    logger.info('quiet too');
    logger.warn('first\nsecond', { action: 'x' });
    logger.error('broken\r\nline');
    const cause = new Error('the cause');
    logger.error('failed', { error: cause });
    expect([log, info, debug].map((spy) => spy.mock.calls.length)).toEqual([0, 0, 0]);
    expect(warn.mock.calls).toEqual([['first\\nsecond']]);
    expect(error.mock.calls).toEqual([['broken\\r\\nline'], ['failed', cause]]);
  });

  it('claims exactly the levels it writes, so callers skip building the others', () => {
    const logger = defaultLogger();
    expect(LOG_LEVELS.filter((level) => isLevelEnabled(logger, level))).toEqual(['warn', 'error']);
    expect(defaultLogger()).toBe(logger);
    expect(Object.isFrozen(logger)).toBe(true);
  });
});

describe('level gates', () => {
  const methods = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

  it('a logger without isLevelEnabled wants every level; one with it is asked', () => {
    expect(LOG_LEVELS.every((level) => isLevelEnabled(methods, level))).toBe(true);
    const asked: string[] = [];
    const picky: Logger = {
      ...methods,
      isLevelEnabled: (level) => {
        asked.push(level);
        return level === 'info';
      },
    };
    expect(LOG_LEVELS.map((level) => isLevelEnabled(picky, level))).toEqual([false, true, false, false]);
    expect(asked).toEqual(['debug', 'info', 'warn', 'error']);
  });

  it('isLogger accepts an object with the four methods and nothing less', () => {
    expect(isLogger(methods)).toBe(true);
    expect(isLogger(defaultLogger())).toBe(true);
    for (const level of LOG_LEVELS) {
      expect(isLogger({ ...methods, [level]: 'not a function' })).toBe(false);
    }
    expect(isLogger(null)).toBe(false);
    expect(isLogger(undefined)).toBe(false);
    expect(isLogger('logger')).toBe(false);
    expect(isLogger(() => undefined)).toBe(false);
  });
});
