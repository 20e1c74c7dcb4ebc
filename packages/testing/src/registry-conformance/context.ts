import { InvalidArgumentError, describeValue } from '@soni/core';
import type { LockStrategy, Logger } from '@soni/core';
import type { ConformanceScenario } from '../conformance-scenarios';
import { createLogCapture } from '../log-capture';
import type { LogCapture } from '../log-capture';
import type { RegistryHarness, RegistrySubject } from './harness';

/** Sizes, durations and claims of the registry suite (the Python tests' sizes by default). */
export interface RegistrySuiteOptions {
  /** Concurrent global registrars. @default 10 */
  threads?: number;
  /** Global registrations per registrar. @default 100 */
  actionsPerThread?: number;
  /** Concurrent local registrars. @default 10 */
  localThreads?: number;
  /** Local registrations per registrar. @default 50 */
  localActionsPerThread?: number;
  /** How long the read/write stress runs. @default 300 */
  readWriteDurationMs?: number;
  /** Actions registered before the atomic-clear test. @default 100 */
  clearCount?: number;
  /**
   * Claim executions (the subject has `execute`) and give the lock that serialises them (a
   * mutex): the execution scenarios are registered only with it.
   */
  executions?: {
    /** Creates the lock (mutex semantics) the registry's executions run under, once per scenario. */
    lock: () => LockStrategy;
  };
}

/** One registry conformance test: its claim is `'basic'` or `'executions'`. */
export type RegistryScenario = ConformanceScenario<'basic' | 'executions'>;

/** The checked sizes. */
export interface RegistrySizes {
  threads: number;
  perThread: number;
  localThreads: number;
  localPerThread: number;
  durationMs: number;
  clearCount: number;
}

function positive(value: number | undefined, fallback: number, what: string): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`registry conformance: ${what} must be a positive integer; got ${describeValue(n)}`);
  return n;
}

/** The options with defaults, checked. */
export function registrySizes(options: RegistrySuiteOptions): RegistrySizes {
  return {
    threads: positive(options.threads, 10, 'threads'),
    perThread: positive(options.actionsPerThread, 100, 'actionsPerThread'),
    localThreads: positive(options.localThreads, 10, 'localThreads'),
    localPerThread: positive(options.localActionsPerThread, 50, 'localActionsPerThread'),
    durationMs: positive(options.readWriteDurationMs, 300, 'readWriteDurationMs'),
    clearCount: positive(options.clearCount, 100, 'clearCount'),
  };
}

/** A scenario body run on a fresh subject, torn down afterwards whatever happens. */
export type SubjectBody = (registry: RegistrySubject, logs: LogCapture) => Promise<void>;

/** Wraps `body` to create the subject (with `logger`, default a capture, and `lock`) and tear it down. */
export function withSubject(harness: RegistryHarness, body: SubjectBody, setup: { logger?: Logger; lock?: LockStrategy } = {}) {
  return async (): Promise<void> => {
    const logs = createLogCapture();
    const logger = setup.logger ?? logs;
    try {
      const subject = await harness.create(setup.lock === undefined ? { logger } : { logger, lock: setup.lock });
      await body(subject, logs);
    } finally {
      await harness.teardown?.();
    }
  };
}
