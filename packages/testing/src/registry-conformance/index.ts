import { InvalidArgumentError, describeValue } from '@soni/core';
import type { ConformanceReport, TestApi } from '../conformance-scenarios';
import { registerScenarios, runScenarios } from '../conformance-scenarios';
import { registrySizes } from './context';
import type { RegistryScenario, RegistrySuiteOptions } from './context';
import { faultScenarios } from './faults';
import type { RegistryHarness } from './harness';
import { registrationScenarios } from './registration';

export { actionRegistryHarness } from './harness';
export type { ActionRegistryClassLike, MaybePromise, RegistryHarness, RegistrySubject } from './harness';
export type { RegistryScenario, RegistrySuiteOptions } from './context';

/**
 * The Python original's thread-safety tests (concurrent global and local registration,
 * concurrent reads and writes with a stop signal, overwrite warning, atomic `clearGlobal`),
 * plus the fault scenarios (a throwing logger; with `executions`, an abandoned execution that
 * keeps its exclusion), as plain scenarios for anything that wraps or extends
 * `ActionRegistry`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { ActionRegistry } from '@soni/core';
 * import { actionRegistryHarness, runRegistryConformance } from '@soni/testing';
 *
 * const report = await runRegistryConformance(actionRegistryHarness(ActionRegistry), { readWriteDurationMs: 50 });
 * assert.deepEqual(report.failed, []);
 * ```
 */
export function registryConformanceScenarios(harness: RegistryHarness, options: RegistrySuiteOptions = {}): RegistryScenario[] {
  if (typeof harness !== 'object' || (harness as unknown) === null || typeof harness.create !== 'function') {
    throw new InvalidArgumentError(`registry conformance: harness must have a create function; got ${describeValue(harness)}`);
  }
  if (options.executions !== undefined && typeof options.executions.lock !== 'function') {
    throw new InvalidArgumentError(`registry conformance: executions.lock must be a function returning a LockStrategy; got ${describeValue(options.executions.lock)}`);
  }
  return [...registrationScenarios(harness, registrySizes(options)), ...faultScenarios(harness, options.executions)];
}

/**
 * Registers the registry conformance tests with your runner's `describe`/`it`.
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import { ActionRegistry } from '@soni/core';
 * import { actionRegistryHarness, registryConformanceSuite } from '@soni/testing';
 *
 * registryConformanceSuite({ describe, it }, 'ActionRegistry', actionRegistryHarness(ActionRegistry));
 * ```
 */
export function registryConformanceSuite(test: TestApi, name: string, harness: RegistryHarness, options: RegistrySuiteOptions = {}): void {
  registerScenarios(test, `registry conformance: ${name}`, registryConformanceScenarios(harness, options));
}

/** Runs every registry scenario in turn without a test runner and reports which failed. */
export function runRegistryConformance(harness: RegistryHarness, options: RegistrySuiteOptions = {}): Promise<ConformanceReport> {
  return runScenarios(registryConformanceScenarios(harness, options));
}
