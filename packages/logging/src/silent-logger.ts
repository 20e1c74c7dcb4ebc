import type { LogMethod } from '@soni/core';
import type { LoggerAdapter } from './logger-adapter';

const noop: LogMethod = () => undefined;

const SILENT: LoggerAdapter = Object.freeze({
  debug: noop,
  info: noop,
  warn: noop,
  error: noop,
  isLevelEnabled: () => false,
  child: () => SILENT,
});

/**
 * A logger that drops everything. Every level reports disabled, so the registry builds no
 * message at all. It holds no state: the same frozen instance is returned every time and is
 * safe to share between registries, scopes and threads.
 *
 * @example
 * ```ts
 * import { ActionRegistry } from '@soni/core';
 * import { silentLogger } from '@soni/logging';
 *
 * const registry = new ActionRegistry({ logger: silentLogger() });
 * ```
 */
export function silentLogger(): LoggerAdapter {
  return SILENT;
}
