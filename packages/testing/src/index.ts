export { assertAllFulfilled, runAll, runConcurrently } from './concurrent-runner';
export type { ConcurrentOptions, ConcurrentReport, ConcurrentTaskContext, TaskOutcome } from './concurrent-runner';
export type { ConformanceReport, TestApi } from './conformance-report';
export { describeError } from './describe-error';
export { assertNoFailingInterleaving, exploreInterleavings, formatInterleavingFailure } from './interleaving-explorer';
export type {
  ExploreOptions,
  InterleavingContext,
  InterleavingFailure,
  InterleavingReport,
  InterleavingScenario,
} from './interleaving-explorer';
export { lockConformanceScenarios, lockConformanceSuite, runLockConformance } from './lock-conformance';
export type { LockCapabilities, LockFactory, LockScenario, LockSuiteOptions } from './lock-conformance';
export { createLogCapture } from './log-capture';
export type { LogCapture, LogCaptureOptions, LogQuery, LogRecord } from './log-capture';
export {
  actionRegistryHarness,
  registryConformanceScenarios,
  registryConformanceSuite,
  runRegistryConformance,
} from './registry-conformance';
export type {
  ActionRegistryClassLike,
  RegistryHarness,
  RegistryScenario,
  RegistrySubject,
  RegistrySuiteOptions,
} from './registry-conformance';
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
