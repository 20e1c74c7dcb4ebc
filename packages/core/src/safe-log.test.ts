import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Logger } from './logger';
import { REGISTRY_CHANNELS } from './registry-diagnostics';
import { wouldLog, writeLog } from './safe-log';

/** A logger whose methods (and level check) throw `thrown`. */
function failingLogger(thrown: unknown, levelCheck?: 'throws'): Logger {
  const fail = (): never => {
    throw thrown;
  };
  return {
    debug: fail,
    info: fail,
    warn: fail,
    error: fail,
    ...(levelCheck === 'throws' ? { isLevelEnabled: fail } : {}),
  };
}

describe('logging that a broken logger cannot escape', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('a logger that throws is reported once as a process warning that says what it threw, and on the logger-error channel every time', () => {
    const warnings = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const events: unknown[] = [];
    const onEvent = (message: unknown): void => {
      events.push(message);
    };
    subscribe(REGISTRY_CHANNELS.loggerError, onEvent);
    try {
      const error = new Error('EPIPE');
      const broken = failingLogger(error);
      expect(() => {
        writeLog(broken, 'warn', 'first', { a: 1 });
        writeLog(broken, 'error', 'second');
      }).not.toThrow();
      writeLog(failingLogger('a string'), 'info', 'x');
      writeLog(failingLogger(42), 'debug', 'x');
      expect(events).toEqual([
        { level: 'warn', error },
        { level: 'error', error },
        { level: 'info', error: 'a string' },
        { level: 'debug', error: 42 },
      ]);
      expect(warnings.mock.calls.map(([message, options]) => [message, (options as { code?: string }).code])).toEqual([
        ['A logger given to @soni/core threw from warn(): EPIPE. The registry went on; later failures of this logger are not reported again.', 'SONI_LOGGER_FAILED'],
        ['A logger given to @soni/core threw from info(): a string. The registry went on; later failures of this logger are not reported again.', 'SONI_LOGGER_FAILED'],
        ['A logger given to @soni/core threw from debug(): a non-Error value. The registry went on; later failures of this logger are not reported again.', 'SONI_LOGGER_FAILED'],
      ]);
    } finally {
      unsubscribe(REGISTRY_CHANNELS.loggerError, onEvent);
    }
  });

  it('writes through a working logger, with the fields', () => {
    const seen: unknown[] = [];
    const logger: Logger = {
      debug: (...args) => seen.push(['debug', ...args]),
      info: (...args) => seen.push(['info', ...args]),
      warn: (...args) => seen.push(['warn', ...args]),
      error: (...args) => seen.push(['error', ...args]),
    };
    writeLog(logger, 'info', 'hello', { a: 1 });
    writeLog(logger, 'error', 'bye');
    expect(seen).toEqual([
      ['info', 'hello', { a: 1 }],
      ['error', 'bye', undefined],
    ]);
  });

  it('wouldLog: no level check means every level; a throwing check means none, and is reported', () => {
    const warnings = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    expect(wouldLog(failingLogger(new Error('x')), 'debug')).toBe(true);
    const picky: Logger = { ...failingLogger(new Error('x')), isLevelEnabled: (level) => level === 'error' };
    expect([wouldLog(picky, 'warn'), wouldLog(picky, 'error')]).toEqual([false, true]);
    expect(wouldLog(failingLogger(new Error('level check broke'), 'throws'), 'warn')).toBe(false);
    expect(warnings).toHaveBeenCalledTimes(1);
    expect(String(warnings.mock.calls[0]?.[0])).toContain('threw from warn(): level check broke');
  });
});
