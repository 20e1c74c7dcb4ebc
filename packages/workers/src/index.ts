export { WorkerPool, createWorkerPool, workerPoolFromEnv } from './worker-pool';
export type { WorkerAction } from './worker-pool';
export type { WorkerActionSpec } from './worker-module';
export { WORKER_POOL_KIND, parseWorkerPoolConfig } from './pool-options';
export type { ResolvedWorkerPoolOptions, WorkerPoolOptions, WorkerResourceLimits } from './pool-options';
export { WorkerCloneError, WorkerConfigError, WorkerCrashError, WorkerModuleError, WorkerPoolClosedError } from './errors';
export type { WorkerModuleProblem } from './errors';
