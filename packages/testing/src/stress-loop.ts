import { AssertionError } from 'node:assert';
import { InvalidArgumentError, describeValue } from '@soni/core';
import { describeError } from './describe-error';
import { createStartGate } from './start-gate';
import { yieldToEventLoop } from './timing';

/** What each operation of a stress loop receives. */
export interface StressContext {
  /** The worker's index within its role. */
  readonly index: number;
  /** How many times this worker has run its operation before (0 on the first call). */
  readonly iteration: number;
  /** Aborts when the loop is told to stop; long operations may watch it. */
  readonly signal: AbortSignal;
}

/** One operation a reader or writer repeats until the loop stops. */
export type StressOperation = (context: StressContext) => unknown;

/** An error collected by the loop, with where it came from. */
export interface StressError {
  /** `'reader'`, `'writer'`, `'invariant'` or `'unhandled-rejection'`. */
  readonly source: 'reader' | 'writer' | 'invariant' | 'unhandled-rejection';
  /** The worker's index (`-1` for invariant and unhandled-rejection errors). */
  readonly index: number;
  readonly error: unknown;
}

/** Options of {@link runStressLoop}. */
export interface StressLoopOptions {
  /** Reader operations: one per reader, or one operation and how many readers run it. */
  readers?: readonly StressOperation[] | { count: number; operation: StressOperation };
  /** Writer operations, same shapes as `readers`. */
  writers?: readonly StressOperation[] | { count: number; operation: StressOperation };
  /**
   * How long to run. The loop stops at `durationMs`, when `signal` aborts, or when
   * `maxErrors` errors were collected, whichever comes first. One of `durationMs` or
   * `signal` is required.
   */
  durationMs?: number;
  /** Stops the loop when it aborts (the stand-in for Python's `threading.Event`). */
  signal?: AbortSignal;
  /**
   * Checked after every operation (and once more at the end); throwing, returning `false`
   * or rejecting records an `'invariant'` error.
   */
  invariant?: () => unknown;
  /**
   * Stop early after this many errors.
   * @default 100
   */
  maxErrors?: number;
  /**
   * Collect `unhandledRejection` events during the loop as errors. While the loop runs,
   * other `unhandledRejection` listeners (a test runner's) are set aside and put back after,
   * so a rejection the loop caused fails the loop instead of the process.
   * @default true
   */
  captureUnhandledRejections?: boolean;
}

/** What {@link runStressLoop} returns. */
export interface StressReport {
  /** Operations completed (with or without error), by role and in total. */
  readonly ops: { readonly reads: number; readonly writes: number; readonly total: number };
  /** Operations per reader and per writer, by index. */
  readonly perWorker: { readonly readers: readonly number[]; readonly writers: readonly number[] };
  /** How many times the invariant was checked. */
  readonly invariantChecks: number;
  /** Every error, in the order they happened. */
  readonly errors: readonly StressError[];
  /** Why the loop ended. */
  readonly stoppedBy: 'duration' | 'signal' | 'max-errors';
  readonly durationMs: number;
}

function normalize(
  role: string,
  value: StressLoopOptions['readers'],
): StressOperation[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) {
    if (!value.every((op) => typeof op === 'function')) {
      throw new InvalidArgumentError(`runStressLoop: ${role} must contain only functions`);
    }
    return [...(value as readonly StressOperation[])];
  }
  const spec = value as { count: unknown; operation: unknown };
  if (!Number.isInteger(spec.count) || (spec.count as number) < 0 || typeof spec.operation !== 'function') {
    throw new InvalidArgumentError(
      `runStressLoop: ${role} must be an array of functions or { count, operation }; got ${describeValue(value)}`,
    );
  }
  return Array.from({ length: spec.count as number }, () => spec.operation as StressOperation);
}

/**
 * Runs readers and writers against shared state until a stop signal, collecting errors and
 * operation counts and checking an invariant after every operation: the stand-in for the
 * seed's `test_concurrent_read_write` (threads looping until a `threading.Event`). Workers
 * are released together and yield to the event loop between operations, so their
 * operations interleave and timers (the stop signal among them) fire.
 *
 * Never throws because of what the workers do: check the report with
 * {@link assertStressClean}.
 *
 * @example
 * ```ts
 * const registry = new ActionRegistry();
 * const report = await runStressLoop({
 *   readers: { count: 3, operation: () => { registry.get('preset_0'); registry.listActions(); } },
 *   writers: { count: 2, operation: ({ index, iteration }) => registry.registerLocal(`dynamic_${index}_${iteration}`, () => ({})) },
 *   invariant: () => registry.get('preset_0') !== undefined,
 *   durationMs: 500,
 * });
 * assertStressClean(report, { minOpsPerWorker: 1 });
 * ```
 */
export async function runStressLoop(options: StressLoopOptions): Promise<StressReport> {
  if (typeof options !== 'object' || (options as unknown) === null) {
    throw new InvalidArgumentError(`runStressLoop: options must be an object; got ${describeValue(options)}`);
  }
  const readers = normalize('readers', options.readers);
  const writers = normalize('writers', options.writers);
  if (readers.length + writers.length === 0) {
    throw new InvalidArgumentError('runStressLoop: give at least one reader or writer');
  }
  const { durationMs, signal: outer, invariant } = options;
  if (durationMs === undefined && outer === undefined) {
    throw new InvalidArgumentError('runStressLoop: give durationMs or signal, or the loop would never stop');
  }
  if (durationMs !== undefined && (!Number.isFinite(durationMs) || durationMs < 0)) {
    throw new InvalidArgumentError(`runStressLoop: durationMs must be a non-negative number; got ${describeValue(durationMs)}`);
  }
  const maxErrors = options.maxErrors ?? 100;
  const errors: StressError[] = [];
  const stop = new AbortController();
  let stoppedBy: StressReport['stoppedBy'] = 'signal';
  const halt = (reason: StressReport['stoppedBy']): void => {
    if (stop.signal.aborted) return;
    stoppedBy = reason;
    stop.abort();
  };
  const record = (error: StressError): void => {
    errors.push(error);
    if (errors.length >= maxErrors) halt('max-errors');
  };

  let invariantChecks = 0;
  const checkInvariant = async (): Promise<void> => {
    if (invariant === undefined) return;
    invariantChecks += 1;
    try {
      if ((await invariant()) === false) record({ source: 'invariant', index: -1, error: new Error('invariant returned false') });
    } catch (error) {
      record({ source: 'invariant', index: -1, error });
    }
  };

  const captured = options.captureUnhandledRejections ?? true;
  const setAside = captured ? process.listeners('unhandledRejection') : [];
  const onUnhandled = (reason: unknown): void => {
    record({ source: 'unhandled-rejection', index: -1, error: reason });
  };
  if (captured) {
    for (const listener of setAside) process.off('unhandledRejection', listener);
    process.on('unhandledRejection', onUnhandled);
  }

  const onOuterAbort = (): void => {
    halt('signal');
  };
  // Stryker disable next-line ObjectLiteral,BooleanLiteral: the listener is removed in the finally below, and a second halt is a no-op; once only frees it sooner
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  if (outer?.aborted === true) halt('signal');
  const timer = durationMs === undefined ? undefined : setTimeout(() => { halt('duration'); }, durationMs);

  const readerOps = readers.map(() => 0);
  const writerOps = writers.map(() => 0);
  const gate = createStartGate();
  const worker = async (role: 'reader' | 'writer', index: number, operation: StressOperation, counts: number[]): Promise<void> => {
    await gate.wait();
    for (let iteration = 0; !stop.signal.aborted; iteration++) {
      try {
        await operation({ index, iteration, signal: stop.signal });
      } catch (error) {
        record({ source: role, index, error });
      }
      counts[index] = iteration + 1;
      await checkInvariant();
      await yieldToEventLoop();
    }
  };

  const started = performance.now();
  try {
    const running = [
      ...readers.map((op, i) => worker('reader', i, op, readerOps)),
      ...writers.map((op, i) => worker('writer', i, op, writerOps)),
    ];
    gate.open();
    await Promise.all(running);
    await checkInvariant();
    // Rejections left unhandled by the last operations surface after the microtask queue
    // drains; give them two turns before the listener goes.
    await yieldToEventLoop();
    await yieldToEventLoop();
  } finally {
    clearTimeout(timer);
    // Stryker disable next-line StringLiteral: only frees the listener; once the loop is over, halt changes nothing that is returned
    outer?.removeEventListener('abort', onOuterAbort);
    // Stryker disable next-line ConditionalExpression: uncaptured, onUnhandled was never added and setAside is empty, so the body does nothing
    if (captured) {
      process.off('unhandledRejection', onUnhandled);
      for (const listener of setAside) process.on('unhandledRejection', listener);
    }
  }
  const reads = readerOps.reduce((a, b) => a + b, 0);
  const writes = writerOps.reduce((a, b) => a + b, 0);
  return {
    ops: { reads, writes, total: reads + writes },
    perWorker: { readers: readerOps, writers: writerOps },
    invariantChecks,
    errors,
    stoppedBy,
    durationMs: performance.now() - started,
  };
}

/** Options of {@link assertStressClean}. */
export interface StressAssertOptions {
  /**
   * Every reader and writer must have completed at least this many operations (catches a
   * worker that deadlocked or starved).
   * @default 1
   */
  minOpsPerWorker?: number;
}

/**
 * Throws an `AssertionError` if the loop collected any error (worker, invariant or unhandled
 * rejection), stopped because of errors, or a worker completed fewer than
 * `minOpsPerWorker` operations.
 */
export function assertStressClean(report: StressReport, options: StressAssertOptions = {}): void {
  const problems = report.errors.slice(0, 20).map((e) => `  ${e.source}${e.index >= 0 ? ` ${e.index}` : ''}: ${describeError(e.error)}`);
  if (report.errors.length > 20) problems.push(`  … and ${report.errors.length - 20} more`);
  const min = options.minOpsPerWorker ?? 1;
  report.perWorker.readers.forEach((n, i) => {
    if (n < min) problems.push(`  reader ${i} completed ${n} operation(s), expected at least ${min}`);
  });
  report.perWorker.writers.forEach((n, i) => {
    if (n < min) problems.push(`  writer ${i} completed ${n} operation(s), expected at least ${min}`);
  });
  if (problems.length > 0) {
    throw new AssertionError({
      message: `Stress loop was not clean (${report.errors.length} error(s), ${report.ops.total} operation(s), stopped by ${report.stoppedBy}):\n${problems.join('\n')}`,
      actual: report.errors.length,
      expected: 0,
      operator: 'assertStressClean',
    });
  }
}
