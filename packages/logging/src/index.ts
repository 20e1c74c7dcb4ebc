export { consoleLogger, CONSOLE_FORMATS } from './console-logger';
export type { ConsoleFormat, ConsoleLoggerOptions, ConsoleWrite } from './console-logger';
export { createLogger, loggerFromEnv, LOGGER_KINDS } from './create-logger';
export type {
  ConsoleLoggerConfig,
  LoggerConfig,
  LoggerConfigObject,
  LoggerKind,
  LoggerSpec,
  MemoryLoggerConfig,
  PinoLoggerConfig,
  SilentLoggerConfig,
} from './create-logger';
export { LoggerConfigError, LoggerDependencyError } from './errors';
export type { LogBindings, LoggerAdapter } from './logger-adapter';
export { memoryLogger } from './memory-logger';
export type { LogRecord, MemoryLogger, MemoryLoggerOptions } from './memory-logger';
export { isPinoLike, pinoLogger } from './pino-logger';
export type { PinoLike, PinoLoggerOptions } from './pino-logger';
export { silentLogger } from './silent-logger';
