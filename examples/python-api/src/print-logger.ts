import type { Logger, LogLevel } from '@soni/core';

/**
 * A tiny logger for the examples, like Python's `logging.basicConfig(level=DEBUG)`: prints
 * `LEVEL message` lines. (Real projects use `@soni/logging`; this example needs only core.)
 */
export function printLogger(minimum: LogLevel = 'debug'): Logger {
  const order: LogLevel[] = ['debug', 'info', 'warn', 'error'];
  const enabled = (level: LogLevel): boolean => order.indexOf(level) >= order.indexOf(minimum);
  const at = (level: LogLevel) => (message: string) => {
    if (enabled(level)) console.log(`  ${level.toUpperCase().padEnd(5)} ${message}`);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), isLevelEnabled: enabled };
}
