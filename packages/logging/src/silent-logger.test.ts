import { LOG_LEVELS } from '@soni/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from './silent-logger';

describe('silentLogger', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('prints nothing at any level, to the console or to stdout/stderr', () => {
    const spies = [
      ...(['debug', 'info', 'log', 'warn', 'error'] as const).map((m) => vi.spyOn(console, m).mockImplementation(() => undefined)),
      vi.spyOn(process.stdout, 'write').mockImplementation(() => true),
      vi.spyOn(process.stderr, 'write').mockImplementation(() => true),
    ];
    const logger = silentLogger();
    for (const level of LOG_LEVELS) logger[level]('message', { error: new Error('x') });
    logger.child({ a: 1 }).error('still nothing');
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });

  it('reports every level disabled, so callers build no messages', () => {
    const logger = silentLogger();
    expect(LOG_LEVELS.map((level) => logger.isLevelEnabled(level))).toEqual([false, false, false, false]);
  });

  it('is one shared frozen instance, its children included', () => {
    const logger = silentLogger();
    expect(silentLogger()).toBe(logger);
    expect(logger.child({ a: 1 })).toBe(logger);
    expect(Object.isFrozen(logger)).toBe(true);
  });
});
