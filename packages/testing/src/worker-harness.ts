import { AssertionError } from 'node:assert';
import { isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InvalidArgumentError, describeValue } from '@soni/core';
import { describeError } from './describe-error';

/** What the exported function of a worker module receives. */
export interface WorkerTaskContext<D = unknown> {
  /** This worker's index, `0 … count - 1`. */
  readonly index: number;
  /** How many workers run. */
  readonly count: number;
  /** The `data` passed to {@link runInWorkers} (structured-cloned). */
  readonly data: D;
  /** The worker's `threadId`. */
  readonly threadId: number;
}

/** Options of {@link runInWorkers}. */
export interface WorkerHarnessOptions<D = unknown> {
  /**
   * The worker module: a `file:` URL or an absolute path. It must export a function
   * (`run` by default) taking a {@link WorkerTaskContext} and returning (or resolving to) a
   * structured-cloneable value.
   */
  module: string | URL;
  /** How many threads to start. */
  count: number;
  /** The name of the exported function. @default 'run' */
  exportName?: string;
  /** Passed to every worker as `context.data`. */
  data?: D;
  /**
   * Load the module with `tsx` (a `.ts` worker): `true`, or where to find the tsconfig
   * whose `paths` apply. tsx must be installed in the project (resolved from `resolveFrom`).
   * @default true for `.ts`, `.mts` and `.cts` modules, false otherwise
   */
  typescript?: boolean | { tsconfig?: string };
  /** Where `tsx` is resolved from. @default process.cwd() */
  resolveFrom?: string;
  /** Extra `execArgv` for the workers. @default [] */
  execArgv?: string[];
  /**
   * Fail (and terminate every worker) when the run has not finished after this long.
   * @default 30000
   */
  timeoutMs?: number;
}

/** One worker's outcome. */
export type WorkerOutcome<T> =
  | { readonly index: number; readonly threadId: number; readonly status: 'fulfilled'; readonly value: T; readonly startedAt: number; readonly finishedAt: number }
  | { readonly index: number; readonly threadId: number; readonly status: 'rejected'; readonly phase: 'load' | 'run' | 'exit'; readonly reason: unknown };

/** What {@link runInWorkers} returns. */
export interface WorkerReport<T> {
  /** One outcome per worker, by index. */
  readonly outcomes: readonly WorkerOutcome<T>[];
  /** Values of the fulfilled workers, by index. */
  readonly results: readonly (T | undefined)[];
  /** The failed workers' indexes, phases and errors. */
  readonly errors: readonly { readonly index: number; readonly phase: 'load' | 'run' | 'exit'; readonly error: unknown }[];
  /** Distinct thread ids that ran a task (one per worker: they are real threads). */
  readonly threadIds: readonly number[];
  /**
   * Largest gap between two workers starting their task after the barrier opened (ms, by
   * the shared wall clock). Small next to the task's duration means they ran in parallel.
   */
  readonly startSpreadMs: number;
  /** From opening the barrier to the last worker finishing. */
  readonly durationMs: number;
}

/*
 * The bootstrap every worker runs (as an eval'd CommonJS script, so it works the same from
 * the ESM and the CJS build and needs no file of its own): load the module, report ready,
 * block on the shared barrier until the parent releases everybody at once, run, report.
 */
const BOOTSTRAP = `
'use strict';
const { workerData, parentPort, threadId } = require('node:worker_threads');
const { createRequire } = require('node:module');
const post = (message) => parentPort.postMessage(message);
// Errors are sent as plain fields: structured cloning drops subclasses and custom fields.
const serialize = (error) => error instanceof Error
  ? { name: error.name, message: error.message, stack: error.stack, code: error.code }
  : { name: 'NonError', message: String(error) };
(async () => {
  const { moduleUrl, exportName, index, count, data, barrier, typescript } = workerData;
  const flags = new Int32Array(barrier);
  let task;
  try {
    let mod;
    if (typescript) {
      // The ESM build of tsx's API (its CommonJS build cannot import from a worker), found
      // through tsx's own exports map.
      const manifestPath = createRequire(typescript.resolveFrom).resolve('tsx/package.json');
      const manifest = JSON.parse(require('node:fs').readFileSync(manifestPath, 'utf8'));
      const apiFile = require('node:path').join(require('node:path').dirname(manifestPath), manifest.exports['./esm/api'].import.default);
      const { tsImport } = await import(require('node:url').pathToFileURL(apiFile).href);
      const options = { parentURL: moduleUrl };
      if (typescript.tsconfig !== undefined) options.tsconfig = typescript.tsconfig;
      mod = await tsImport(moduleUrl, options);
    } else {
      mod = await import(moduleUrl);
    }
    task = mod[exportName];
    if (typeof task !== 'function') throw new TypeError('the worker module ' + moduleUrl + ' has no exported function ' + JSON.stringify(exportName));
  } catch (error) {
    post({ type: 'ready' });
    post({ type: 'failed', phase: 'load', error: serialize(error) });
    return;
  }
  post({ type: 'ready' });
  Atomics.wait(flags, 0, 0);
  const startedAt = performance.timeOrigin + performance.now();
  try {
    const value = await task({ index, count, data, threadId });
    post({ type: 'done', value, startedAt, finishedAt: performance.timeOrigin + performance.now() });
  } catch (error) {
    post({ type: 'failed', phase: 'run', error: serialize(error) });
  }
})();
`;

type WorkerMessage =
  | { type: 'ready' }
  | { type: 'done'; value: unknown; startedAt: number; finishedAt: number }
  | { type: 'failed'; phase: 'load' | 'run'; error: SerializedError };

interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  code?: unknown;
}

/** Rebuilds a worker's error on this side: an `Error` with the original name, message, stack and code. */
function revive(serialized: SerializedError): Error {
  const error = new Error(serialized.message);
  error.name = serialized.name;
  if (serialized.stack !== undefined) error.stack = serialized.stack;
  if (serialized.code !== undefined) Object.assign(error, { code: serialized.code });
  return error;
}

function toModuleUrl(module: unknown): string {
  if (module instanceof URL) return module.href;
  if (typeof module === 'string' && module.startsWith('file:')) return module;
  if (typeof module === 'string' && isAbsolute(module)) return pathToFileURL(module).href;
  throw new InvalidArgumentError(`runInWorkers: module must be a file: URL or an absolute path; got ${describeValue(module)}`);
}

/**
 * Runs a module's exported function in `count` real `worker_threads`, released together by
 * an `Atomics` barrier on a `SharedArrayBuffer`: every worker loads its module and blocks in
 * `Atomics.wait` until all are ready, then the parent opens the barrier with one
 * `Atomics.notify`. Each worker has its own module instances (so its own registry); results
 * and errors are collected, never thrown (see {@link assertWorkersFulfilled}).
 *
 * @example
 * ```ts
 * // register-worker.ts
 * export function run({ index }: WorkerTaskContext) {
 *   for (let i = 0; i < 100; i++) ActionRegistry.register(`t${index}_a${i}`)(() => ({}));
 *   return new ActionRegistry().listActions().global.length; // 100: this thread's registry only
 * }
 *
 * // the test
 * const report = await runInWorkers<number>({ module: new URL('./register-worker.ts', import.meta.url), count: 10 });
 * assert.deepEqual(assertWorkersFulfilled(report), Array(10).fill(100));
 * ```
 */
export async function runInWorkers<T = unknown, D = unknown>(options: WorkerHarnessOptions<D>): Promise<WorkerReport<T>> {
  if (typeof options !== 'object' || (options as unknown) === null) {
    throw new InvalidArgumentError(`runInWorkers: options must be an object; got ${describeValue(options)}`);
  }
  const moduleUrl = toModuleUrl(options.module);
  const { count } = options;
  if (!Number.isInteger(count) || count < 1) {
    throw new InvalidArgumentError(`runInWorkers: count must be a positive integer; got ${describeValue(count)}`);
  }
  const exportName = options.exportName ?? 'run';
  const timeoutMs = options.timeoutMs ?? 30_000;
  const wantsTs = options.typescript ?? /\.[mc]?ts$/.test(new URL(moduleUrl).pathname);
  const typescript =
    wantsTs === false
      ? undefined
      : {
          resolveFrom: join(options.resolveFrom ?? process.cwd(), 'noop.js'),
          tsconfig: typeof wantsTs === 'object' ? wantsTs.tsconfig : undefined,
        };

  const barrier = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  const flags = new Int32Array(barrier);
  const workers: Worker[] = [];
  let ready = 0;
  let allReady!: () => void;
  const everyoneReady = new Promise<void>((resolve) => {
    allReady = resolve;
  });
  const markReady = (): void => {
    ready += 1;
    if (ready === count) allReady();
  };

  const outcomes = Array.from({ length: count }, (_, index) => {
    const worker = new Worker(BOOTSTRAP, {
      eval: true,
      workerData: { moduleUrl, exportName, index, count, data: options.data, barrier, typescript },
      execArgv: options.execArgv ?? [],
    });
    workers.push(worker);
    return new Promise<WorkerOutcome<T>>((resolve) => {
      let wasReady = false;
      let settled = false;
      const settle = (outcome: WorkerOutcome<T>): void => {
        if (settled) return;
        settled = true;
        if (!wasReady) {
          wasReady = true;
          markReady();
        }
        resolve(outcome);
      };
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'ready') {
          if (!wasReady) {
            wasReady = true;
            markReady();
          }
        } else if (message.type === 'done') {
          settle({ index, threadId: worker.threadId, status: 'fulfilled', value: message.value as T, startedAt: message.startedAt, finishedAt: message.finishedAt });
        } else {
          settle({ index, threadId: worker.threadId, status: 'rejected', phase: message.phase, reason: revive(message.error) });
        }
      });
      worker.on('error', (reason) => {
        settle({ index, threadId: worker.threadId, status: 'rejected', phase: 'run', reason });
      });
      worker.on('exit', (code) => {
        settle({ index, threadId: worker.threadId, status: 'rejected', phase: 'exit', reason: new Error(`worker ${index} exited with code ${code} before reporting a result`) });
      });
    });
  });

  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => {
      resolve('timeout');
    }, timeoutMs);
  });
  try {
    if ((await Promise.race([everyoneReady, timedOut])) === 'timeout') {
      throw new Error(`runInWorkers: only ${ready} of ${count} workers loaded ${moduleUrl} within ${timeoutMs} ms`);
    }
    const opened = performance.timeOrigin + performance.now();
    Atomics.store(flags, 0, 1);
    Atomics.notify(flags, 0);
    const settled = await Promise.race([Promise.all(outcomes), timedOut]);
    if (settled === 'timeout') throw new Error(`runInWorkers: workers running ${moduleUrl} did not finish within ${timeoutMs} ms`);
    const finished = settled.flatMap((o) => (o.status === 'fulfilled' ? [o] : []));
    const starts = finished.map((o) => o.startedAt);
    const ends = finished.map((o) => o.finishedAt);
    return {
      outcomes: settled,
      results: settled.map((o) => (o.status === 'fulfilled' ? o.value : undefined)),
      errors: settled.flatMap((o) => (o.status === 'rejected' ? [{ index: o.index, phase: o.phase, error: o.reason }] : [])),
      threadIds: [...new Set(finished.map((o) => o.threadId))],
      startSpreadMs: starts.length === 0 ? 0 : Math.max(...starts) - Math.min(...starts),
      durationMs: ends.length === 0 ? 0 : Math.max(...ends) - opened,
    };
  } finally {
    clearTimeout(timer);
    // Release anyone still parked on the barrier, then stop every thread.
    Atomics.store(flags, 0, 1);
    Atomics.notify(flags, 0);
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

/**
 * Throws an `AssertionError` listing every failed worker unless all fulfilled; returns the
 * results otherwise.
 */
export function assertWorkersFulfilled<T>(report: WorkerReport<T>): T[] {
  if (report.errors.length > 0) {
    const lines = report.errors.map(({ index, phase, error }) => `  worker ${index} (${phase}): ${describeError(error)}`);
    throw new AssertionError({
      message: `${report.errors.length} of ${report.outcomes.length} worker(s) failed:\n${lines.join('\n')}`,
      actual: report.errors.length,
      expected: 0,
      operator: 'assertWorkersFulfilled',
    });
  }
  return report.results as T[];
}
