import { defaultLogger, InvalidArgumentError, LOG_LEVELS } from '@soni/core';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger, loggerFromEnv } from './create-logger';
import { LoggerConfigError } from './errors';
import { silentLogger } from './silent-logger';

const enabledLevels = (logger: { isLevelEnabled(level: (typeof LOG_LEVELS)[number]): boolean }) =>
  LOG_LEVELS.filter((level) => logger.isLevelEnabled(level));

describe('createLogger from a string', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each([
    ['console', ['info', 'warn', 'error']],
    ['console:debug', ['debug', 'info', 'warn', 'error']],
    ['console:warn:json', ['warn', 'error']],
    ['console:json', ['info', 'warn', 'error']],
    ['  Console:ERROR ', ['error']],
    ['memory', ['debug', 'info', 'warn', 'error']],
    ['memory:warn', ['warn', 'error']],
    ['silent', []],
    ['pino', ['info', 'warn', 'error']],
    ['pino:debug', ['debug', 'info', 'warn', 'error']],
  ])('%s enables %j', (spec, levels) => {
    expect(enabledLevels(createLogger(spec))).toEqual(levels);
  });

  it("'console:…:json' writes JSON lines, 'console' pretty ones", () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    createLogger('console:info:json').info('hello', { action: 'x' });
    createLogger('console').info('hello', { action: 'x' });
    expect(JSON.parse(String(info.mock.calls[0]?.[0]))).toMatchObject({ level: 'info', msg: 'hello', action: 'x' });
    expect(String(info.mock.calls[1]?.[0])).toMatch(/Z INFO {2}hello action=x$/);
  });

  it("'memory' returns a memory logger that records", () => {
    const logger = createLogger('memory:info');
    logger.debug('dropped');
    logger.info('kept');
    expect(logger.messages()).toEqual(['kept']);
  });

  it("'silent' is the silent logger", () => {
    expect(createLogger('silent')).toBe(silentLogger());
  });

  it.each([
    ['', "unknown logger kind '' (valid kinds: console, pino, silent, memory)"],
    ['file:debug', "createLogger: unknown logger kind 'file' (valid kinds: console, pino, silent, memory) in 'file:debug'"],
    ['console:verbose', "unexpected 'verbose' (valid levels: debug, info, warn, error; formats: pretty, json) in 'console:verbose'"],
    ['pino:json', "unexpected 'json' (valid levels: debug, info, warn, error) in 'pino:json'"],
    ['console:debug:info', "unexpected 'info'"],
    ['console:debug:json:x', "too many parts for 'console'"],
    ['memory:', "unexpected ''"],
    ['silent:debug', "'silent' takes no level"],
  ])('%j is rejected: %s', (spec, message) => {
    expect(() => createLogger(spec)).toThrow(LoggerConfigError);
    expect(() => createLogger(spec)).toThrow(message);
    expect(() => createLogger(spec)).toThrow("such as 'console?level=debug', 'console?level=info&format=json', 'pino?level=info', 'memory' or 'silent' (the older 'console:debug:json' form works too)");
  });
});

describe('createLogger from an object', () => {
  it('passes options through to the adapter', () => {
    const lines: string[] = [];
    const logger = createLogger({ kind: 'console', level: 'warn', format: 'json', write: (line) => lines.push(line) });
    logger.info('dropped');
    logger.warn('kept');
    expect(lines.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(['kept']);
    const memory = createLogger({ kind: 'memory', level: 'error' });
    expect(enabledLevels(memory)).toEqual(['error']);
    expect(createLogger({ kind: 'silent' })).toBe(silentLogger());
  });

  it("'pino' with an instance adapts it, with bindings and a level for its own child", () => {
    const lines: Record<string, unknown>[] = [];
    const instance = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
    const logger = createLogger({ kind: 'pino', instance, level: 'info', bindings: { service: 'bot' } });
    logger.debug('dropped');
    logger.info('kept', { action: 'x' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 30, msg: 'kept', service: 'bot', action: 'x' });
    expect(instance.level).toBe('debug');
  });

  it("'pino' without an instance creates one at the level given (info by default)", () => {
    expect(enabledLevels(createLogger({ kind: 'pino' }))).toEqual(['info', 'warn', 'error']);
    expect(enabledLevels(createLogger({ kind: 'pino', level: 'error' }))).toEqual(['error']);
  });

  it('rejects bad objects and values naming the valid ones', () => {
    const cases: [unknown, string][] = [
      [{ kind: 'file' }, "createLogger: unknown logger kind 'file' (valid kinds: console, pino, silent, memory)"],
      [{}, 'unknown logger kind undefined'],
      [{ kind: 'console', level: 'loud' }, "createLogger (kind 'console'): unknown level 'loud' (valid levels: debug, info, warn, error)"],
      [{ kind: 'console', format: 'xml' }, "unknown format 'xml' (valid formats: pretty, json)"],
      [{ kind: 'memory', format: 'json' }, "createLogger (kind 'memory'): unknown option 'format' (valid options: level)"],
      [{ kind: 'silent', level: 'debug' }, "createLogger (kind 'silent'): unknown option 'level' (valid options: none)"],
      [{ kind: 'pino', instance: {} }, "createLogger (kind 'pino'): expected a pino logger"],
      [{ kind: 'pino', level: 'trace' }, "createLogger (kind 'pino'): unknown level 'trace'"],
      [{ kind: 'pino', stream: 1 }, "unknown option 'stream' (valid options: instance, level, bindings, errorKey)"],
    ];
    for (const [config, message] of cases) {
      expect(() => createLogger(config as never), JSON.stringify(config)).toThrow(message);
    }
  });

  it.each([42, null, undefined, true, [], () => undefined])('rejects %s: neither string nor object', (config) => {
    let error: unknown;
    try {
      createLogger(config as never);
    } catch (caught) {
      error = caught;
    }
    expect(LoggerConfigError.isInstance(error)).toBe(true);
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'LOGGER_CONFIG', name: 'LoggerConfigError' });
    expect((error as Error).message).toMatch(/^createLogger: a logger config must be a string such as 'console\?level=debug'.*, or an object such as \{ kind: 'console', level: 'debug' \}; got /);
  });
});

describe('loggerFromEnv', () => {
  it('reads SONI_LOG from the env it is given', () => {
    const logger = loggerFromEnv({ SONI_LOG: 'memory:warn' });
    expect(logger.isLevelEnabled?.('info')).toBe(false);
    expect(logger.isLevelEnabled?.('warn')).toBe(true);
    expect(loggerFromEnv({ APP_LOG: 'silent' }, 'APP_LOG')).toBe(silentLogger());
  });

  it('returns the core default logger when the variable is unset or blank', () => {
    expect(loggerFromEnv({})).toBe(defaultLogger());
    expect(loggerFromEnv({ SONI_LOG: '  ' })).toBe(defaultLogger());
  });

  it('reads process.env by default', () => {
    vi.stubEnv('SONI_LOG', 'silent');
    try {
      expect(loggerFromEnv()).toBe(silentLogger());
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('names the variable in the error for a bad value', () => {
    expect(() => loggerFromEnv({ SONI_LOG: 'verbose' })).toThrow(
      "SONI_LOG: unknown logger kind 'verbose' (valid kinds: console, pino, silent, memory) in 'verbose'",
    );
    expect(() => loggerFromEnv({ MY_LOG: 'console:loud' }, 'MY_LOG')).toThrow(/^MY_LOG: unexpected 'loud'/);
    expect(() => loggerFromEnv(null as never)).toThrow(LoggerConfigError);
    expect(() => loggerFromEnv({}, '')).toThrow('loggerFromEnv: the variable name must be a non-empty string');
  });
});

describe('the configuration-string syntax shared with SONI_LOCK', () => {
  it('reads kind?level=…&format=… and still reads the colon form', () => {
    const parsed = createLogger('console?level=debug&format=json');
    expect(parsed.isLevelEnabled('debug')).toBe(true);
    expect(createLogger('memory?level=warn').isLevelEnabled('info')).toBe(false);
    expect(createLogger('console:warn').isLevelEnabled('info')).toBe(false);
    expect(loggerFromEnv({ SONI_LOG: 'silent' })).toBeDefined();
  });

  it.each([
    ['console?level=debug&level=info', /each parameter at most once/],
    ['console??level=debug', /one '\?'/],
    ['console?colour=red', /bad parameter 'colour'/],
    ['silent?level=debug', /no parameters for 'silent'/],
    ['console?level=', /a value after 'level='/],
    ['spam?level=info', /bad kind 'spam'/],
  ])('refuses %s with LoggerConfigError naming the part', (text, message) => {
    expect(() => createLogger(text)).toThrow(message);
    expect(() => createLogger(text)).toThrow(LoggerConfigError);
  });

  it('a bad level in the new form is named like in the old one', () => {
    expect(() => createLogger('console?level=verbose')).toThrow(LoggerConfigError);
  });
});

describe('configuration strings, details', () => {
  it('names what env and the variable must be', () => {
    expect(() => loggerFromEnv(null as never)).toThrow('loggerFromEnv: env must be an object such as process.env, got null');
    expect(() => loggerFromEnv('SONI_LOG=silent' as never)).toThrow(/env must be an object such as process.env, got 'SONI_LOG=silent'/);
    expect(() => loggerFromEnv({}, 5 as never)).toThrow('loggerFromEnv: the variable name must be a non-empty string, got 5');
  });

  it('lists the kinds of the ?-form, and takes level for every kind but silent, format only for console', () => {
    expect(() => createLogger('spam?level=info')).toThrow(/expected one of console, pino, silent, memory, /);
    expect(createLogger('memory?level=error').isLevelEnabled('warn')).toBe(false);
    expect(() => createLogger('memory?format=json')).toThrow(/bad parameter 'format'/);
  });

  it('trims the parts of the colon form, and takes one level and one format at most', () => {
    expect(createLogger('memory : warn').isLevelEnabled('info')).toBe(false);
    expect(() => createLogger('console:json:pretty')).toThrow(/unexpected 'pretty' \(valid levels: debug, info, warn, error; formats: /);
    expect(() => createLogger('console:warn:error')).toThrow(/unexpected 'error'/);
  });
});
