import type { LockOptions, LockStrategy } from './lock-strategy';
import type { Logger, LogLevel } from './logger';

/** Test support for the core's own tests (not published). */

export interface LogRecord {
  level: LogLevel;
  message: string;
  fields: Record<string, unknown> | undefined;
}

/** A logger that keeps every record; `enabled` limits which levels it claims to want. */
export function recordingLogger(enabled: readonly LogLevel[] = ['debug', 'info', 'warn', 'error']): Logger & { records: LogRecord[]; text(): string } {
  const records: LogRecord[] = [];
  const at = (level: LogLevel) => (message: string, fields?: Record<string, unknown>) => {
    records.push({ level, message, fields });
  };
  return {
    records,
    text: () => records.map((r) => `${r.level.toUpperCase()} ${r.message}`).join('\n'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    isLevelEnabled: (level) => enabled.includes(level),
  };
}

/** Lets every pending microtask and one macrotask turn run. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A promise with its resolve function outside, for gating steps of a scenario. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/**
 * A minimal correct mutex for the core's tests (the real strategies live in
 * `@soni/locking`, which the core cannot depend on). Shared is treated as exclusive.
 */
export function testMutex(): LockStrategy & { active: number; maxActive: number } {
  let tail: Promise<unknown> = Promise.resolve();
  const lock = {
    kind: 'test-mutex',
    active: 0,
    maxActive: 0,
    runExclusive<T>(fn: () => T | PromiseLike<T>, options?: LockOptions): Promise<T> {
      const run = async (): Promise<T> => {
        options?.signal?.throwIfAborted();
        lock.active++;
        lock.maxActive = Math.max(lock.maxActive, lock.active);
        try {
          return await fn();
        } finally {
          lock.active--;
        }
      };
      const result = tail.then(run, run);
      tail = result.catch(() => undefined);
      return result;
    },
    runShared<T>(fn: () => T | PromiseLike<T>, options?: LockOptions): Promise<T> {
      return lock.runExclusive(fn, options);
    },
  };
  return lock;
}

/** The deliberately broken variant: claims to be a mutex, coordinates nothing. */
export function brokenLock(): LockStrategy {
  return {
    kind: 'broken',
    runExclusive: async (fn) => fn(),
    runShared: async (fn) => fn(),
  };
}
