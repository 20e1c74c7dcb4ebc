/**
 * Concurrency harnesses and conformance suites for `@soni/core` registries, actions and lock
 * strategies. Framework-agnostic: plain async functions that return reports, and `assert…`
 * helpers that throw `AssertionError`; the vitest bindings are in `@soni/testing/vitest`.
 *
 * @module @soni/testing
 */
export { assertAllFulfilled, runAll, runConcurrently } from './concurrent-runner';
export type {
  ConcurrentOptions,
  ConcurrentReport,
  ConcurrentTask,
  ConcurrentTaskContext,
  RunAllReport,
  TaskOutcome,
  TaskResults,
} from './concurrent-runner';
export { registerScenarios, runScenarios } from './conformance-scenarios';
export type { ConformanceReport, ConformanceScenario, TestApi } from './conformance-scenarios';
export { preserveGlobalRegistry } from './global-state';
export type { GlobalStashSource } from './global-state';
export { assertNoFailingInterleaving, exploreInterleavings, formatInterleavingFailure } from './interleaving-explorer';
export type {
  ExploreOptions,
  InterleavingContext,
  InterleavingFailure,
  InterleavingReport,
  InterleavingScenario,
} from './interleaving-explorer';
export { lockConformanceScenarios, lockConformanceSuite, runLockConformance } from './lock-conformance/index';
export type { LockCapabilities, LockFactory, LockScenario, LockSuiteOptions } from './lock-conformance/index';
export { createLogCapture } from './log-capture';
export type { LogCapture, LogCaptureOptions, LogQuery, LogRecord } from './log-capture';
export {
  actionRegistryHarness,
  registryConformanceScenarios,
  registryConformanceSuite,
  runRegistryConformance,
} from './registry-conformance/index';
export type {
  ActionRegistryClassLike,
  MaybePromise,
  RegistryHarness,
  RegistryScenario,
  RegistrySubject,
  RegistrySuiteOptions,
} from './registry-conformance/index';
export { assertSnapshots, checkSnapshots, observeSnapshots } from './snapshot-check';
export type { AllowedStates, ObserveOptions, SnapshotReport, SnapshotViolation } from './snapshot-check';
export { assertProcessesFulfilled, runInProcesses } from './process-harness';
export type { ProcessHandle, ProcessHarnessOptions, ProcessOutcome, ProcessReport, ProcessTaskContext } from './process-harness';
export { createStartGate } from './start-gate';
export type { StartGate } from './start-gate';
export { assertStressClean, runStressLoop } from './stress-loop';
export type { StressAssertOptions, StressContext, StressError, StressLoopOptions, StressOperation, StressReport } from './stress-loop';
export { sleep, withDeadline, yieldToEventLoop } from './timing';
export { assertWorkersFulfilled, runInWorkers } from './worker-harness';
export type { WorkerHarnessOptions, WorkerOutcome, WorkerReport, WorkerTaskContext } from './worker-harness';
