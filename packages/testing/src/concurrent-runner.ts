import { AssertionError } from 'node:assert';
import { InvalidArgumentError, describeValue } from '@soni/core';
import { describeError } from './describe-error';
import { createStartGate } from './start-gate';
import { yieldToEventLoop } from './timing';

/** What each task of {@link runConcurrently} receives. */
export interface ConcurrentTaskContext {
  /** The task's index, `0 … count - 1` (like the `thread_id` the Python tests pass). */
  readonly index: number;
  /** How many tasks run in this batch. */
  readonly count: number;
  /**
   * Yields to the other tasks: call it between steps so their work interleaves with yours,
   * the way threads are preempted. Resolves on the next event-loop turn by default.
   */
  readonly step: () => Promise<void>;
  /** Aborts when the run's `signal` aborts. */
  readonly signal: AbortSignal;
}

/** A task's outcome, in the shape of `Promise.allSettled`. */
export type TaskOutcome<T> =
  | { readonly index: number; readonly status: 'fulfilled'; readonly value: T }
  | { readonly index: number; readonly status: 'rejected'; readonly reason: unknown };

/** What {@link runConcurrently} returns. */
export interface ConcurrentReport<T> {
  /** One outcome per task, by index. */
  readonly outcomes: readonly TaskOutcome<T>[];
  /** Values of the fulfilled tasks, by index (`undefined` where the task failed). */
  readonly results: readonly (T | undefined)[];
  /** The failed tasks' indexes and errors. */
  readonly errors: readonly { readonly index: number; readonly error: unknown }[];
  /** Wall-clock time from opening the start gate to the last task settling. */
  readonly durationMs: number;
}

/** Options of {@link runConcurrently}. */
export interface ConcurrentOptions {
  /**
   * How `step()` yields: `'macrotask'` lets timers and I/O run between steps (closest to
   * thread preemption), `'microtask'` only lets other ready tasks run (faster).
   * @default 'macrotask'
   */
  yieldTo?: 'macrotask' | 'microtask';
  /** Aborts the tasks' shared signal (the tasks decide what to do with it). */
  signal?: AbortSignal;
}

/**
 * Runs `count` copies of `task` concurrently: the stand-in for Python's
 * `ThreadPoolExecutor`. Every task is created and parked behind a start gate first, then all
 * are released in the same turn, so none gets a head start; `ctx.step()` lets them
 * interleave between steps. Never rejects because of a task: every result and error is
 * collected in the report (see {@link assertAllFulfilled}).
 *
 * @example
 * ```ts
 * const report = await runConcurrently(10, async ({ index, step }) => {
 *   for (let i = 0; i < 100; i++) {
 *     ActionRegistry.register(`action_${index}_${i}`)(() => ({}));
 *     await step();
 *   }
 *   return index;
 * });
 * assertAllFulfilled(report);
 * ```
 */
export async function runConcurrently<T>(
  count: number,
  task: ConcurrentTask<T>,
  options: ConcurrentOptions = {},
): Promise<ConcurrentReport<T>> {
  if (!Number.isInteger(count) || count < 1) {
    throw new InvalidArgumentError(`runConcurrently: count must be a positive integer; got ${describeValue(count)}`);
  }
  if (typeof task !== 'function') {
    throw new InvalidArgumentError(`runConcurrently: task must be a function; got ${describeValue(task)}`);
  }
  const step = options.yieldTo === 'microtask' ? () => Promise.resolve() : yieldToEventLoop;
  const signal = options.signal ?? new AbortController().signal;
  const gate = createStartGate();

  const running = Array.from({ length: count }, async (_, index): Promise<TaskOutcome<T>> => {
    await gate.wait();
    try {
      const value = await task({ index, count, step, signal });
      return { index, status: 'fulfilled', value };
    } catch (reason) {
      return { index, status: 'rejected', reason };
    }
  });

  const started = performance.now();
  gate.open();
  const outcomes = await Promise.all(running);
  const durationMs = performance.now() - started;
  return {
    outcomes,
    results: outcomes.map((o) => (o.status === 'fulfilled' ? o.value : undefined)),
    errors: outcomes.flatMap((o) => (o.status === 'rejected' ? [{ index: o.index, error: o.reason }] : [])),
    durationMs,
  };
}

/** One task of {@link runConcurrently} or {@link runAll}. */
export type ConcurrentTask<T> = (context: ConcurrentTaskContext) => T | Promise<T>;

/**
 * The values of {@link runAll}'s tasks, position by position: each keeps its own type, as
 * `Promise.all` keeps the type of each promise.
 */
export type TaskResults<Tasks extends readonly ConcurrentTask<unknown>[]> = {
  -readonly [K in keyof Tasks]: Tasks[K] extends (...args: never[]) => infer R ? Awaited<R> : never;
};

/**
 * What {@link runAll} returns: a {@link ConcurrentReport} whose `outcomes` and `results` are
 * tuples typed task by task (`results[0]` has the first task's type).
 */
export interface RunAllReport<T extends readonly unknown[]> extends ConcurrentReport<T[number]> {
  /** One outcome per task, in the order of the tasks. */
  readonly outcomes: { readonly [K in keyof T]: TaskOutcome<T[K]> };
  /** Each task's value (`undefined` where the task failed), in the order of the tasks. */
  readonly results: { readonly [K in keyof T]: T[K] | undefined };
}

/**
 * Runs different tasks concurrently, released together: `runAll([reader, clearer])` is the
 * shape of the Python tests that start one thread per role. Each task keeps its own result
 * type (`report.results` and {@link assertAllFulfilled} give a tuple), like `Promise.all`.
 * Never rejects because of a task.
 *
 * @example
 * ```ts
 * const report = await runAll([
 *   () => observeSnapshots(() => registry.listActions().global.length, { mustSee: [100, 0] }),
 *   async () => { await sleep(10); ActionRegistry.clearGlobal(); },
 * ]);
 * const [snapshots] = assertAllFulfilled(report); // number[]
 * ```
 */
export function runAll<const Tasks extends readonly ConcurrentTask<unknown>[]>(
  tasks: Tasks,
  options?: ConcurrentOptions,
): Promise<RunAllReport<TaskResults<Tasks>>>;
/**
 * The form with one result type `T` for every task, given explicitly (`runAll<T>(tasks)`);
 * `report.results` is then a plain array.
 */
export function runAll<T>(tasks: readonly ConcurrentTask<T>[], options?: ConcurrentOptions): Promise<ConcurrentReport<T>>;
export async function runAll(tasks: readonly ConcurrentTask<unknown>[], options: ConcurrentOptions = {}): Promise<ConcurrentReport<unknown>> {
  if (!Array.isArray(tasks) || tasks.length === 0 || !tasks.every((t) => typeof t === 'function')) {
    throw new InvalidArgumentError(`runAll: tasks must be a non-empty array of functions; got ${describeValue(tasks)}`);
  }
  const roles = tasks.slice();
  return runConcurrently(roles.length, (context) => (roles[context.index] as ConcurrentTask<unknown>)(context), options);
}

/**
 * Throws an `AssertionError` listing every failed task unless all of them fulfilled;
 * returns the results (all defined) otherwise: a tuple typed task by task for a
 * {@link runAll} report.
 *
 * @example
 * ```ts
 * const [count, names] = assertAllFulfilled(await runAll([() => 1, async () => ['a']]));
 * ```
 */
export function assertAllFulfilled<T extends readonly unknown[]>(report: RunAllReport<T>): { -readonly [K in keyof T]: T[K] };
/** The form for a {@link runConcurrently} report: every value, by task index. */
export function assertAllFulfilled<T>(report: ConcurrentReport<T>): T[];
export function assertAllFulfilled(report: ConcurrentReport<unknown>): unknown[] {
  if (report.errors.length > 0) {
    const lines = report.errors.slice(0, 20).map(({ index, error }) => `  task ${index}: ${describeError(error)}`);
    if (report.errors.length > 20) lines.push(`  … and ${report.errors.length - 20} more`);
    throw new AssertionError({
      message: `${report.errors.length} of ${report.outcomes.length} concurrent task(s) failed:\n${lines.join('\n')}`,
      actual: report.errors.length,
      expected: 0,
      operator: 'assertAllFulfilled',
    });
  }
  return report.results.slice();
}
