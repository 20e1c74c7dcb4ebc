import type { LogLevel, Logger } from '@soni/core';

/** Structured fields bound to every record of a child logger, such as `{ plugin: 'billing' }`. */
export type LogBindings = Readonly<Record<string, unknown>>;

/**
 * What every adapter of this package returns: a core {@link Logger} that always answers
 * {@link LoggerAdapter.isLevelEnabled} (so the registry can skip building a message for a
 * level that is off) and can make child loggers.
 *
 * A method called at a disabled level returns at once and builds nothing.
 */
export interface LoggerAdapter extends Logger {
  /** Whether a call at `level` would be written. Costs a lookup, never a message. */
  isLevelEnabled(level: LogLevel): boolean;
  /**
   * A logger writing to the same place at the same level, adding `bindings` to the fields of
   * every record. Fields given to a call win over bindings of the same name.
   */
  child(bindings: LogBindings): LoggerAdapter;
}
