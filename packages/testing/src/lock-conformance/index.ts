import { InvalidArgumentError, describeValue } from '@soni/core';
import type { ConformanceReport, TestApi } from '../conformance-scenarios';
import { registerScenarios, runScenarios } from '../conformance-scenarios';
import { addBasicScenarios } from './basic';
import { checkCapabilities } from './capabilities';
import type { LockCapabilities, LockFactory, LockSuiteOptions } from './capabilities';
import { lockSuiteContext } from './context';
import type { LockScenario } from './context';
import { addExclusionScenarios } from './exclusion';
import { addNestingScenarios } from './nesting';
import { addWaitingScenarios } from './waiting';

export type { LockCapabilities, LockFactory, LockSuiteOptions } from './capabilities';
export type { LockScenario } from './context';

/**
 * The lock conformance tests for a strategy with the given capabilities, as plain objects
 * you can run with any runner (or none: see {@link runLockConformance}). Tests for claims
 * the strategy does not make are not included at all.
 *
 * Every step that waits has a deadline, so a deadlocking lock fails instead of hanging.
 *
 * @example
 * ```ts
 * import { MutexLock } from '@soni/locking';
 * import { lockConformanceScenarios } from '@soni/testing';
 *
 * for (const scenario of lockConformanceScenarios(() => new MutexLock(), { fifo: true })) {
 *   await scenario.run();
 * }
 * ```
 */
export function lockConformanceScenarios(
  factory: LockFactory,
  capabilities: LockCapabilities = {},
  options: LockSuiteOptions = {},
): LockScenario[] {
  if (typeof factory !== 'function') {
    throw new InvalidArgumentError(`lock conformance: factory must be a function returning a LockStrategy; got ${describeValue(factory)}`);
  }
  const caps = checkCapabilities(capabilities);
  const scenarios: LockScenario[] = [];
  const ctx = lockSuiteContext(factory, options.deadlineMs ?? 2000, options.contenders ?? 8, scenarios);
  addBasicScenarios(ctx);
  addExclusionScenarios(ctx, caps);
  addWaitingScenarios(ctx, caps);
  addNestingScenarios(ctx, caps);
  return scenarios;
}

/**
 * Registers the lock conformance tests with your test runner: the caller passes its own
 * `describe`/`it`, a factory and what the lock claims. Only claimed capabilities get tests.
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import { ReadWriteLock } from '@soni/locking';
 * import { lockConformanceSuite } from '@soni/testing';
 *
 * lockConformanceSuite({ describe, it }, 'ReadWriteLock', () => new ReadWriteLock(), {
 *   sharedConcurrency: true, writerPreference: true, fifo: true, timeouts: true, abort: true,
 * });
 * ```
 */
export function lockConformanceSuite(
  test: TestApi,
  name: string,
  factory: LockFactory,
  capabilities: LockCapabilities = {},
  options: LockSuiteOptions = {},
): void {
  registerScenarios(test, `lock conformance: ${name}`, lockConformanceScenarios(factory, capabilities, options));
}

/**
 * Runs every scenario one after another, without a test runner, and reports which failed:
 * handy in scripts, and to check that a broken lock really fails the suite.
 *
 * @example
 * ```ts
 * import { NoopLock } from '@soni/locking';
 * import { runLockConformance } from '@soni/testing';
 *
 * const report = await runLockConformance(() => new NoopLock(), { mutualExclusion: true });
 * report.failed.map((f) => f.name); // the exclusion scenarios a no-op lock fails
 * ```
 */
export function runLockConformance(
  factory: LockFactory,
  capabilities: LockCapabilities = {},
  options: LockSuiteOptions = {},
): Promise<ConformanceReport> {
  return runScenarios(lockConformanceScenarios(factory, capabilities, options));
}
