import { ActionRegistry, type ActionFunc } from '@soni/core';
import { pino, type Level } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { consoleLogger } from './console-logger';
import { memoryLogger } from './memory-logger';
import { pinoLogger } from './pino-logger';

/** The registry logging through each adapter, end to end. */

function pinoCapture(level: Level) {
  const lines: Record<string, unknown>[] = [];
  const instance = pino({ level }, { write: (chunk: string) => lines.push(JSON.parse(chunk) as Record<string, unknown>) });
  return { lines, logger: pinoLogger(instance) };
}

const f: ActionFunc = () => ({});
const g: ActionFunc = () => ({});

afterEach(() => {
  ActionRegistry.resetConfiguration();
  ActionRegistry.clearGlobal();
});

describe('the registry through pinoLogger', () => {
  it('writes the local overwrite warning as a JSON line with its fields', () => {
    const { lines, logger } = pinoCapture('info');
    const registry = new ActionRegistry({ logger });
    registry.registerLocal('x', f);
    registry.registerLocal('x', g);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 40,
      msg: "Overwriting existing local action 'x'. Previous: f, New: g",
      action: 'x',
      scope: 'local',
      previous: 'f',
      next: 'g',
    });
  });

  it('writes the global overwrite warning, and debug registrations when debug is on', () => {
    const { lines, logger } = pinoCapture('debug');
    ActionRegistry.configure({ logger });
    ActionRegistry.register('x')(f);
    ActionRegistry.register('x')(g);
    ActionRegistry.clearGlobal();
    expect(lines.map(({ level, msg }) => [level, msg])).toEqual([
      [20, 'Registered global action: x'],
      [40, "Overwriting existing global action 'x'. Previous: f, New: g"],
      [20, 'Registered global action: x'],
      [30, 'Cleared 1 global actions'],
    ]);
    expect(lines[0]).toMatchObject({ action: 'x', scope: 'global' });
    expect(lines[3]).toMatchObject({ scope: 'global', count: 1 });
  });
});

describe('the registry through memoryLogger and consoleLogger', () => {
  it('memoryLogger records what the registry logs', () => {
    const logger = memoryLogger();
    const registry = new ActionRegistry({ logger });
    registry.registerLocal('x', f);
    registry.registerLocal('x', g);
    registry.clearLocal();
    expect(logger.lines).toEqual([
      'DEBUG Registered local action: x action=x scope=local',
      "WARN  Overwriting existing local action 'x'. Previous: f, New: g action=x scope=local previous=f next=g",
      'DEBUG Registered local action: x action=x scope=local',
      'DEBUG Cleared 1 local actions scope=local count=1',
    ]);
  });

  it('consoleLogger at info writes the warning but not the debug registrations', () => {
    const lines: string[] = [];
    const registry = new ActionRegistry({ logger: consoleLogger({ format: 'json', write: (line) => lines.push(line) }) });
    registry.registerLocal('x', f);
    registry.registerLocal('x', g);
    expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ level: 'warn', action: 'x', previous: 'f', next: 'g' }),
    ]);
  });
});
