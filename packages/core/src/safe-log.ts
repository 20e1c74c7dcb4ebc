/**
 * Logging that cannot hurt the registry. A logger is user code: a closed stream, a full disk
 * or a buggy transport can make it throw. Every registry log call goes through here, after
 * the state change it reports is complete, so a throwing logger can neither stop a change
 * part-way nor escape as an uncaught exception. A failure is published on
 * `soni:registry:logger-error` and reported once per logger with `process.emitWarning`.
 *
 * @packageDocumentation
 */
import type { Logger, LogLevel } from './logger';
import { registryChannels } from './registry-diagnostics';

const warned = new WeakSet<object>();

function reportFailure(logger: Logger, level: LogLevel, error: unknown): void {
  try {
    if (registryChannels.loggerError.hasSubscribers) registryChannels.loggerError.publish({ level, error });
    if (!warned.has(logger)) {
      warned.add(logger);
      const detail = error instanceof Error ? error.message : typeof error === 'string' ? error : 'a non-Error value';
      process.emitWarning(`A logger given to @soni/core threw from ${level}(): ${detail}. The registry went on; later failures of this logger are not reported again.`, {
        code: 'SONI_LOGGER_FAILED',
      });
    }
  } catch {
    // A subscriber that throws is diagnostics_channel's business; the registry goes on.
  }
}

/** Whether `logger` would write at `level`; a throwing `isLevelEnabled` counts as "no". */
export function wouldLog(logger: Logger, level: LogLevel): boolean {
  if (logger.isLevelEnabled === undefined) return true;
  try {
    return logger.isLevelEnabled(level);
  } catch (error) {
    reportFailure(logger, level, error);
    return false;
  }
}

/** Writes one record; whatever the logger throws is reported and swallowed. */
export function writeLog(logger: Logger, level: LogLevel, message: string, fields?: Record<string, unknown>): void {
  try {
    logger[level](message, fields);
  } catch (error) {
    reportFailure(logger, level, error);
  }
}
