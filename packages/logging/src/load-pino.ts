import { createRequire } from 'node:module';
import { LoggerDependencyError } from './errors';
import type { PinoLike } from './pino-logger';

/** pino's default export, as far as `createLogger` uses it. */
export type PinoFactory = (options: { level: string }) => PinoLike;

/**
 * Loads the optional peer `pino` synchronously (pino is CommonJS), resolved from this package
 * as a peer dependency should be. Throws a {@link LoggerDependencyError} saying what to
 * install when it cannot be loaded. `load` is replaceable for tests.
 */
export function loadPino(load: (id: string) => unknown = createRequire(import.meta.url)): PinoFactory {
  let loaded: unknown;
  try {
    loaded = load('pino');
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n', 1)[0] : String(error);
    throw new LoggerDependencyError(
      'pino',
      `createLogger: the 'pino' logger needs the optional peer dependency pino, which could not be loaded (${reason}). ` +
        "Install it with 'pnpm add pino' (or 'npm install pino'), or pass your own instance: " +
        "createLogger({ kind: 'pino', instance })",
      { cause: error },
    );
  }
  const factory = typeof loaded === 'function' ? loaded : (loaded as { default?: unknown } | null)?.default;
  if (typeof factory !== 'function') {
    throw new LoggerDependencyError('pino', "createLogger: the module 'pino' that was loaded does not export a function");
  }
  return factory as PinoFactory;
}
