import { assertKnownParams, defaultLogger, describeValue, LOG_LEVELS, parseConfigString, type LogLevel, type Logger } from '@soni/core';
import { buildConsoleLogger, CONSOLE_FORMATS, type ConsoleFormat, type ConsoleLoggerOptions } from './console-logger';
import { LoggerConfigError } from './errors';
import { loadPino } from './load-pino';
import { isLogLevel, parseLevel } from './log-level';
import type { LoggerAdapter } from './logger-adapter';
import { buildMemoryLogger, type MemoryLogger, type MemoryLoggerOptions } from './memory-logger';
import { assertOptions } from './option-checks';
import { buildPinoLogger, type PinoLike, type PinoLoggerOptions } from './pino-logger';
import { silentLogger } from './silent-logger';

/** The adapters {@link createLogger} can make. */
export type LoggerKind = 'console' | 'pino' | 'silent' | 'memory';

/** Every {@link LoggerKind}, in the order error messages list them. */
export const LOGGER_KINDS: readonly LoggerKind[] = ['console', 'pino', 'silent', 'memory'];

/**
 * A logger as a string, for config files and environment variables: `kind`, `kind:level`,
 * and for the console also a format, in either order (`console:debug:json`). Case and
 * surrounding spaces are ignored. Any string is accepted by the type and checked at run time.
 */
export type LoggerSpec =
  | LoggerKind
  | `${'console' | 'pino' | 'memory'}:${LogLevel}`
  | `console:${ConsoleFormat}`
  | `console:${LogLevel}:${ConsoleFormat}`
  | `${LoggerKind}?${string}`
  | (string & {});

/** `{ kind: 'console', ... }`: a {@link consoleLogger}. */
export interface ConsoleLoggerConfig extends ConsoleLoggerOptions {
  kind: 'console';
}

/**
 * `{ kind: 'pino', ... }`: a {@link pinoLogger} over `instance`, or over a new pino logger
 * writing JSON lines to stdout when `instance` is left out (pino must then be installed).
 */
export interface PinoLoggerConfig extends PinoLoggerOptions {
  kind: 'pino';
  /**
   * The application's pino logger. With it, `level` sets the level of a child made for the
   * adapter; without it, the level of the pino logger created.
   * @default a new `pino({ level })`, level `'info'`
   */
  instance?: PinoLike | undefined;
}

/** `{ kind: 'memory', ... }`: a {@link memoryLogger}. */
export interface MemoryLoggerConfig extends MemoryLoggerOptions {
  kind: 'memory';
}

/** `{ kind: 'silent' }`: the {@link silentLogger}. */
export interface SilentLoggerConfig {
  kind: 'silent';
}

/** A logger as an object; `kind` says which adapter, the other fields are its options. */
export type LoggerConfigObject = ConsoleLoggerConfig | PinoLoggerConfig | MemoryLoggerConfig | SilentLoggerConfig;

/** What {@link createLogger} accepts: a {@link LoggerSpec} string or a {@link LoggerConfigObject}. */
export type LoggerConfig = LoggerSpec | LoggerConfigObject;

const HINT = "such as 'console?level=debug', 'console?level=info&format=json', 'pino?level=info', 'memory' or 'silent' (the older 'console:debug:json' form works too)";

/**
 * Makes a logger from configuration, so the logger can be chosen in a config file or an
 * environment variable instead of in code.
 *
 * - `'console'`, `'console:debug'`, `'console:warn:json'`: {@link consoleLogger}
 * - `'pino'`, `'pino:info'`: a new pino logger (needs `pino` installed) through {@link pinoLogger}
 * - `'memory'`, `'memory:info'`: {@link memoryLogger}; `'silent'`: {@link silentLogger}
 * - an object `{ kind, ...options }` takes each adapter's options, and for pino an `instance`.
 *
 * @throws LoggerConfigError naming the valid values when the config, a kind, a level, a
 *   format or an option is not valid.
 * @throws LoggerDependencyError when pino must be created but is not installed.
 * @example
 * ```ts
 * import { ActionRegistry } from '@soni/core';
 * import { createLogger } from '@soni/logging';
 *
 * ActionRegistry.configure({ logger: createLogger('console:debug') });
 * const pinoBacked = createLogger({ kind: 'pino', level: 'warn', bindings: { service: 'bot' } });
 * ```
 */
export function createLogger(config: MemoryLoggerConfig | 'memory' | `memory:${LogLevel}`): MemoryLogger;
export function createLogger(config: LoggerConfig): LoggerAdapter;
export function createLogger(config: LoggerConfig): LoggerAdapter {
  return createFrom(config, 'createLogger');
}

/**
 * Makes a logger from the environment variable `variable` (a {@link LoggerSpec} such as
 * `SONI_LOG=console:debug`). When it is unset or empty, returns core's `defaultLogger()`,
 * which is what the registry uses when no logger is configured (warnings and errors to the
 * console), so passing the result is always safe.
 *
 * @param env - where to read the variable. @default `process.env`
 * @param variable - the variable's name. @default `'SONI_LOG'`
 * @throws LoggerConfigError naming the variable and the valid values when its value is bad.
 * @throws LoggerDependencyError when it asks for pino and pino is not installed.
 * @example
 * ```ts
 * import { ActionRegistry } from '@soni/core';
 * import { loggerFromEnv } from '@soni/logging';
 *
 * // SONI_LOG=pino:debug node server.js
 * ActionRegistry.configure({ logger: loggerFromEnv() });
 * ```
 */
export function loggerFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
  variable = 'SONI_LOG',
): Logger {
  if (typeof env !== 'object' || (env as unknown) === null) {
    throw new LoggerConfigError(`loggerFromEnv: env must be an object such as process.env, got ${describeValue(env)}`);
  }
  if (typeof variable !== 'string' || variable.length === 0) {
    throw new LoggerConfigError(`loggerFromEnv: the variable name must be a non-empty string, got ${describeValue(variable)}`);
  }
  const value: unknown = env[variable];
  if (value === undefined || (typeof value === 'string' && value.trim() === '')) return defaultLogger();
  return createFrom(value, variable);
}

function createFrom(config: unknown, where: string): LoggerAdapter {
  if (typeof config === 'string') return createFromObject(parseSpec(config, where), where);
  if (typeof config === 'object' && config !== null && !Array.isArray(config)) return createFromObject(config, where);
  throw new LoggerConfigError(
    `${where}: a logger config must be a string ${HINT}, or an object such as { kind: 'console', level: 'debug' }; got ${describeValue(config)}`,
  );
}

function createFromObject(config: object, where: string): LoggerAdapter {
  const { kind, ...options } = config as Record<string, unknown>;
  const at = `${where} (kind ${describeValue(kind)})`;
  switch (kind) {
    case 'console':
      return buildConsoleLogger(options, at);
    case 'memory':
      return buildMemoryLogger(options, at);
    case 'silent':
      assertOptions(options, at, []);
      return silentLogger();
    case 'pino':
      return createPino(options, at);
    default:
      throw new LoggerConfigError(
        `${where}: unknown logger kind ${describeValue(kind)} (valid kinds: ${LOGGER_KINDS.join(', ')})`,
      );
  }
}

function createPino(options: Record<string, unknown>, where: string): LoggerAdapter {
  assertOptions(options, where, ['instance', 'level', 'bindings', 'errorKey']);
  const { instance, ...adapterOptions } = options;
  if (instance !== undefined) return buildPinoLogger(instance, adapterOptions, where);
  const { level, ...rest } = adapterOptions;
  // Checked before loading pino, so a bad level is reported as such even without pino.
  const pinoLevel = parseLevel(level, 'info', where);
  return buildPinoLogger(loadPino()({ level: pinoLevel }), rest, where);
}

/**
 * A logger description as text, in the configuration-string syntax shared with `SONI_LOCK`
 * (`console?level=debug&format=json`, see `parseConfigString` in `@soni/core`), or in the
 * older colon form, still accepted (`console:debug:json`).
 */
function parseSpec(text: string, where: string): Record<string, unknown> {
  if (!text.includes('?')) return parseColonSpec(text, where);
  const fail = (part: string, value: unknown, expected: string): LoggerConfigError =>
    new LoggerConfigError(`${where}: bad ${part} ${describeValue(value)} in ${describeValue(text)}; expected ${expected}`);
  const parsed = parseConfigString(text, fail);
  if (!(LOGGER_KINDS as readonly string[]).includes(parsed.kind)) {
    throw fail('kind', parsed.kind, `one of ${LOGGER_KINDS.join(', ')}, ${HINT}`);
  }
  const known = parsed.kind === 'silent' ? [] : parsed.kind === 'console' ? ['level', 'format'] : ['level'];
  assertKnownParams(parsed, known, fail);
  return { kind: parsed.kind, ...Object.fromEntries(parsed.params) };
}

/** `'console:debug:json'` → `{ kind: 'console', level: 'debug', format: 'json' }`. */
function parseColonSpec(text: string, where: string): Record<string, unknown> {
  // Stryker disable next-line MethodExpression: each part is trimmed after the split, so trimming the whole text first changes nothing
  const parts = text.trim().toLowerCase().split(':');
  // Stryker disable next-line StringLiteral: split always returns at least one part, so the default never applies
  const [kind = '', ...rest] = parts.map((part) => part.trim());
  const bad = (why: string): LoggerConfigError =>
    new LoggerConfigError(`${where}: ${why} in ${describeValue(text)}; write 'kind' or 'kind:level', ${HINT}`);
  if (!(LOGGER_KINDS as readonly string[]).includes(kind)) {
    throw bad(`unknown logger kind ${describeValue(kind)} (valid kinds: ${LOGGER_KINDS.join(', ')})`);
  }
  const config: Record<string, unknown> = { kind };
  const takesFormat = kind === 'console';
  const maxParts = kind === 'silent' ? 0 : takesFormat ? 2 : 1;
  if (rest.length > maxParts) {
    throw bad(kind === 'silent' ? "'silent' takes no level" : `too many parts for '${kind}'`);
  }
  for (const part of rest) {
    if (isLogLevel(part) && config.level === undefined) config.level = part;
    else if (takesFormat && (CONSOLE_FORMATS as readonly string[]).includes(part) && config.format === undefined) {
      config.format = part;
    } else {
      const valid = takesFormat ? `levels: ${LOG_LEVELS.join(', ')}; formats: ${CONSOLE_FORMATS.join(', ')}` : `levels: ${LOG_LEVELS.join(', ')}`;
      throw bad(`unexpected ${describeValue(part)} (valid ${valid})`);
    }
  }
  return config;
}
