import { LockEngine } from './lock-engine';
import { SYNC_SHARED_GRANT } from './sync-grant';
import { resolveLockOptions, type QueuedLockOptions } from './lock-options';
import type { LockSnapshot } from './lock-snapshot';
import type { LockedFunction, LockHold, LockOptions, LockStrategy } from './lock-strategy';
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

/**
 * A lock on core's own engine (what `@soni/locking` wraps), with `query()`. With `fast`, it
 * offers the synchronous-grant fast path as `MutexLock`/`ReadWriteLock` do (optionally a
 * broken one that lets go of the hold as soon as it grants it).
 */
export function engineLock(
  kind: 'mutex' | 'rwlock',
  options?: QueuedLockOptions,
  fast?: 'correct' | 'releases-at-once',
): LockStrategy & { query(): LockSnapshot } {
  const lock = {
    kind,
    ...(fast === undefined
      ? {}
      : {
          [SYNC_SHARED_GRANT]: {
            trySharedNow: (): boolean => {
              const granted = engine.syncGrant.trySharedNow();
              if (granted && fast === 'releases-at-once') engine.syncGrant.releaseShared();
              return granted;
            },
            releaseShared: (): void => {
              if (fast === 'correct') engine.syncGrant.releaseShared();
            },
          },
        }),
    runExclusive: <T>(fn: LockedFunction<T>, lockOptions?: LockOptions): Promise<T> => engine.run(fn, 'exclusive', lockOptions),
    runShared: <T>(fn: LockedFunction<T>, lockOptions?: LockOptions): Promise<T> => engine.run(fn, 'shared', lockOptions),
    query: (): LockSnapshot => engine.snapshot(),
  };
  const engine = new LockEngine(lock, kind, kind === 'mutex', resolveLockOptions(options));
  return lock;
}

/**
 * The bug the hold rule fixes, as a lock: it runs the function under `inner`, but lets go of
 * `inner` as soon as the call's signal aborts, while the function goes on. This is what a
 * handler that raced its action against the caller's deadline inside the lock did.
 */
export function releasesAtCallerDeadline(inner: LockStrategy): LockStrategy {
  const early = <T>(fn: LockedFunction<T>, signal: AbortSignal | undefined) => (hold?: LockHold): Promise<T> => {
    const running = Promise.resolve(fn(hold));
    if (signal === undefined) return running;
    running.catch(() => undefined);
    return new Promise<T>((resolve, reject) => {
      signal.addEventListener('abort', () => { reject(signal.reason as Error); }, { once: true });
      running.then(resolve, reject);
    });
  };
  return {
    kind: `early-release ${inner.kind}`,
    runExclusive: (fn, options) => inner.runExclusive(early(fn, options?.signal), options),
    runShared: (fn, options) => inner.runShared(early(fn, options?.signal), options),
  };
}

/** A logger every method of which throws, like a sink whose stream was closed. */
export function throwingLogger(): Logger & { calls: number } {
  const logger = {
    calls: 0,
    debug: (): void => fail(),
    info: (): void => fail(),
    warn: (): void => fail(),
    error: (): void => fail(),
    isLevelEnabled: (): boolean => true,
  };
  function fail(): never {
    logger.calls++;
    throw new Error('EPIPE: the log stream is closed');
  }
  return logger;
}
