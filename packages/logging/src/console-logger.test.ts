import type { LogLevel } from '@soni/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { consoleLogger } from './console-logger';
import { LoggerConfigError } from './errors';

const NOW = Date.parse('2025-03-04T05:06:07.089Z');

function sink() {
  const lines: { line: string; level: LogLevel }[] = [];
  const write = (line: string, level: LogLevel) => {
    lines.push({ line, level });
  };
  return { lines, write, text: () => lines.map(({ line }) => line) };
}

function logAll(logger: ReturnType<typeof consoleLogger>) {
  logger.debug('d');
  logger.info('i');
  logger.warn('w');
  logger.error('e');
}

describe('consoleLogger', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: NOW });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it.each([
    ['debug', ['d', 'i', 'w', 'e']],
    ['info', ['i', 'w', 'e']],
    ['warn', ['w', 'e']],
    ['error', ['e']],
  ] as const)('at level %s writes only that level and above', (level, expected) => {
    const out = sink();
    const logger = consoleLogger({ level, write: out.write, format: 'json' });
    logAll(logger);
    expect(out.lines.map(({ line }) => (JSON.parse(line) as { msg: string }).msg)).toEqual(expected);
    expect(out.lines.map((entry) => entry.level)).toEqual(expected.map((m) => ({ d: 'debug', i: 'info', w: 'warn', e: 'error' })[m]));
    expect(['debug', 'info', 'warn', 'error'].map((l) => logger.isLevelEnabled(l as LogLevel))).toEqual(
      ['d', 'i', 'w', 'e'].map((m) => (expected as readonly string[]).includes(m)),
    );
  });

  it("defaults to level 'info' and the pretty format", () => {
    const out = sink();
    logAll(consoleLogger({ write: out.write }));
    expect(out.text()).toEqual([
      '2025-03-04T05:06:07.089Z INFO  i',
      '2025-03-04T05:06:07.089Z WARN  w',
      '2025-03-04T05:06:07.089Z ERROR e',
    ]);
  });

  it('pretty: one line with key=value fields, quoting what needs it', () => {
    const out = sink();
    consoleLogger({ write: out.write }).warn("Overwriting existing local action 'x'. Previous: f, New: g", {
      action: 'x',
      scope: 'local',
      note: 'two words',
      count: 3,
      nested: { a: [1, 2] },
      big: 10n,
    });
    expect(out.text()).toEqual([
      `2025-03-04T05:06:07.089Z WARN  Overwriting existing local action 'x'. Previous: f, New: g action=x scope=local note="two words" count=3 nested={"a":[1,2]} big=10`,
    ]);
  });

  it('pretty: adds the stack of an Error field under the line', () => {
    const out = sink();
    const error = new Error('boom');
    consoleLogger({ write: out.write }).error('Action execution failed: boom', { error });
    const [line] = out.text();
    expect(line?.split('\n')[0]).toBe('2025-03-04T05:06:07.089Z ERROR Action execution failed: boom error="Error: boom"');
    expect(line).toContain('\n    Error: boom\n    ');
  });

  it('json: one object per line with time, level, msg first and the fields after', () => {
    const out = sink();
    const cause = new Error('inner');
    const logger = consoleLogger({ format: 'json', level: 'debug', write: out.write });
    logger.debug('Registered global action: greet', { action: 'greet', level: 'not-mine', big: 1n });
    logger.error('failed', { error: new Error('outer', { cause }) });
    const first = out.lines[0]!.line;
    expect(first).toBe(
      '{"time":"2025-03-04T05:06:07.089Z","level":"debug","msg":"Registered global action: greet","action":"greet","big":"1"}',
    );
    const second = JSON.parse(out.lines[1]!.line) as { error: { type: string; message: string; stack: string; cause: { message: string } } };
    expect(second.error).toMatchObject({ type: 'Error', message: 'outer', cause: { message: 'inner' } });
    expect(second.error.stack).toContain('outer');
  });

  it('json: survives cycles instead of throwing', () => {
    const out = sink();
    const loop: Record<string, unknown> = { name: 'loop' };
    loop.self = loop;
    consoleLogger({ format: 'json', write: out.write }).info('cyclic', { loop });
    expect(JSON.parse(out.lines[0]!.line)).toMatchObject({ msg: 'cyclic', loop: { name: 'loop', self: '[Circular]' } });
  });

  it('child loggers add bindings; fields of a call win', () => {
    const out = sink();
    const child = consoleLogger({ format: 'json', write: out.write }).child({ plugin: 'billing', action: 'none' });
    child.child({ region: 'eu' }).info('hi', { action: 'pay' });
    expect(JSON.parse(out.lines[0]!.line)).toEqual({
      time: '2025-03-04T05:06:07.089Z',
      level: 'info',
      msg: 'hi',
      plugin: 'billing',
      action: 'pay',
      region: 'eu',
    });
  });

  it('writes to the console method of the level by default', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => undefined);
    const logger = consoleLogger();
    logger.debug('hidden');
    logger.info('shown');
    logger.warn('careful', { action: 'x' });
    expect(debug).not.toHaveBeenCalled();
    expect(info).toHaveBeenCalledWith('2025-03-04T05:06:07.089Z INFO  shown');
    expect(warn).toHaveBeenCalledWith('2025-03-04T05:06:07.089Z WARN  careful action=x');
  });

  it('does no work for a disabled level: fields are never read', () => {
    const out = sink();
    const logger = consoleLogger({ level: 'warn', write: out.write });
    const fields = {
      get action(): string {
        throw new Error('fields of a disabled level were read');
      },
    };
    logger.debug('x', fields);
    logger.info('x', fields);
    expect(out.lines).toEqual([]);
  });

  it('rejects bad options with LoggerConfigError naming the valid values', () => {
    expect(() => consoleLogger({ level: 'verbose' as never })).toThrow(LoggerConfigError);
    expect(() => consoleLogger({ level: 'verbose' as never })).toThrow(
      "consoleLogger: unknown level 'verbose' (valid levels: debug, info, warn, error)",
    );
    expect(() => consoleLogger({ format: 'xml' as never })).toThrow("consoleLogger: unknown format 'xml' (valid formats: pretty, json)");
    expect(() => consoleLogger({ write: 'stdout' as never })).toThrow("'write' must be a function, got 'stdout'");
    expect(() => consoleLogger({ colors: true } as never)).toThrow("unknown option 'colors' (valid options: level, format, write)");
    expect(() => consoleLogger(null as never)).toThrow('consoleLogger: options must be an object, got null');
    expect(() => consoleLogger().child([] as never)).toThrow(LoggerConfigError);
  });
});

describe('log forging (issue #11)', () => {
  it('escapes control characters in the pretty format: a message, a field or a stack cannot forge a line or recolour', () => {
    const lines: string[] = [];
    const logger = consoleLogger({ level: 'debug', write: (line) => lines.push(line) });
    const forged = "evil\n2026-01-01T00:00:00.000Z ERROR forged\r\u001b[31mred\u202e";
    const error = new Error(`boom\nERROR also forged\u001b[0m`);
    logger.warn(`Overwriting existing global action '${forged}'`, { action: forged, [`key\nx`]: 1, error });
    const output = lines.join('');
    // One record; the error's stack lines are indented continuation lines, nothing else.
    const recordLines = output.split('\n').filter((line) => !line.startsWith('    '));
    expect(recordLines).toHaveLength(1);
    // eslint-disable-next-line no-control-regex -- checking that no raw control character reached the sink
    expect(output).not.toMatch(/[\r\u001b\u202e]/);
    expect(output).toContain('evil\\n2026-01-01T00:00:00.000Z ERROR forged\\r\\x1b[31mred\\u202e');
  });

  it('the JSON format keeps the text whole and escaped by JSON', () => {
    const lines: string[] = [];
    const logger = consoleLogger({ level: 'debug', format: 'json', write: (line) => lines.push(line) });
    logger.info('a\nb', { name: 'x\u001by' });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ msg: 'a\nb', name: 'x\u001by' });
  });
});

describe('consoleLogger child boundaries', () => {
  it('names the child call in the error for bad bindings', () => {
    expect(() => consoleLogger().child(['x'] as never)).toThrow(/^consoleLogger\(\)\.child: 'bindings' must be an object of fields/);
  });
});
