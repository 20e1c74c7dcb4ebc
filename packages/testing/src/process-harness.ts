import { AssertionError } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InvalidArgumentError, describeValue } from '@soni/core';
import { describeError } from './describe-error';
import { BOOTSTRAP, revive, tsxImport, type ChildMessage } from './process-bootstrap';

/** What the exported function of a process module receives. */
export interface ProcessTaskContext<D = unknown> {
  /** This process's index, `0 … count - 1`. */
  readonly index: number;
  /** How many processes run. */
  readonly count: number;
  /** The `data` passed to {@link runInProcesses} (sent with the structured-clone serialisation). */
  readonly data: D;
  /** Sends a progress message to the parent (see {@link ProcessHandle.nextMessage}). */
  send: (message: unknown) => void;
}

/** One child process while the run goes on. */
export interface ProcessHandle {
  readonly index: number;
  readonly pid: number | undefined;
  /** Resolves when the process has loaded its module and waits at the start barrier. */
  readonly ready: Promise<void>;
  /** Every progress message it sent so far, in order. */
  readonly messages: readonly unknown[];
  /** Resolves with the first message (already sent or to come) that `matches` accepts. */
  nextMessage(matches: (message: unknown) => boolean, timeoutMs?: number): Promise<unknown>;
  /** Sends it a signal (`SIGKILL` by default); its outcome becomes `'killed'`. */
  kill(signal?: NodeJS.Signals): void;
}

/** Options of {@link runInProcesses}. */
export interface ProcessHarnessOptions<D = unknown> {
  /** The module: a `file:` URL or an absolute path, exporting the task function. */
  module: string | URL;
  /** How many processes to start. */
  count: number;
  /** The name of the exported function. @default 'run' */
  exportName?: string;
  /** Passed to every process as `context.data`. */
  data?: D;
  /**
   * Load the module with `tsx` (resolved from `resolveFrom`): `true`, or the tsconfig whose
   * `paths` apply. @default true for `.ts`, `.mts` and `.cts` modules
   */
  typescript?: boolean | { tsconfig?: string };
  /** Where `tsx` is resolved from. @default process.cwd() */
  resolveFrom?: string;
  /** Extra environment variables for the children (on top of this process's). */
  env?: Record<string, string>;
  /**
   * Called once every process is ready and the barrier has opened, with the handles: kill
   * one mid-run, wait for a message. The report waits for it to settle.
   */
  whileRunning?: (processes: readonly ProcessHandle[]) => void | Promise<void>;
  /** Fail (and kill every process) when the run has not finished after this long. @default 60000 */
  timeoutMs?: number;
}

/** One process's outcome. `'killed'` is a process stopped through {@link ProcessHandle.kill}. */
export type ProcessOutcome<T> =
  | { readonly index: number; readonly status: 'fulfilled'; readonly value: T; readonly startedAt: number; readonly finishedAt: number }
  | { readonly index: number; readonly status: 'rejected'; readonly phase: 'load' | 'run' | 'exit'; readonly reason: unknown }
  | { readonly index: number; readonly status: 'killed'; readonly signal: NodeJS.Signals };

/** What {@link runInProcesses} returns. */
export interface ProcessReport<T> {
  readonly outcomes: readonly ProcessOutcome<T>[];
  /** Values of the fulfilled processes, by index (`undefined` for the others). */
  readonly results: readonly (T | undefined)[];
  /** The failed processes (not those killed on purpose). */
  readonly errors: readonly { readonly index: number; readonly phase: 'load' | 'run' | 'exit'; readonly error: unknown }[];
  /** Indexes of the processes killed through their handle. */
  readonly killed: readonly number[];
  /** Distinct process ids that ran a task. */
  readonly pids: readonly number[];
  /** Largest gap between two processes starting their task after the barrier opened (ms). */
  readonly startSpreadMs: number;
}

function toModuleUrl(module: unknown): string {
  if (module instanceof URL) return module.href;
  if (typeof module === 'string' && module.startsWith('file:')) return module;
  if (typeof module === 'string' && isAbsolute(module)) return pathToFileURL(module).href;
  throw new InvalidArgumentError(`runInProcesses: module must be a file: URL or an absolute path; got ${describeValue(module)}`);
}

/**
 * Runs a module's exported function in `count` child processes (real processes: their own
 * heap, event loop and connections, as the replicas of a service), released together: each
 * loads its module and reports ready, and the parent sends every one the start message at
 * once. Results and errors are collected per process, never thrown (see
 * {@link assertProcessesFulfilled}); `whileRunning` gets the handles to kill one mid-run
 * (`SIGKILL` by default) or wait for a message it sends. A child that exits without
 * reporting is a failure of phase `'exit'`, unless it was killed through its handle.
 *
 * @example
 * ```ts
 * const report = await runInProcesses<number>({
 *   module: new URL('./increment-task.ts', import.meta.url),
 *   count: 4,
 *   data: { url: 'redis://127.0.0.1:6379', rounds: 500 },
 *   whileRunning: async ([first]) => {
 *     await first.nextMessage((m) => m === 'holding');
 *     first.kill(); // SIGKILL while it holds the lock
 *   },
 * });
 * assertProcessesFulfilled(report); // the killed one is not a failure
 * ```
 */
export async function runInProcesses<T = unknown, D = unknown>(options: ProcessHarnessOptions<D>): Promise<ProcessReport<T>> {
  if (typeof options !== 'object' || (options as unknown) === null) {
    throw new InvalidArgumentError(`runInProcesses: options must be an object; got ${describeValue(options)}`);
  }
  const moduleUrl = toModuleUrl(options.module);
  const { count } = options;
  if (!Number.isInteger(count) || count < 1) throw new InvalidArgumentError(`runInProcesses: count must be a positive integer; got ${describeValue(count)}`);
  const timeoutMs = options.timeoutMs ?? 60_000;
  const wantsTs = options.typescript ?? /\.[mc]?ts$/.test(new URL(moduleUrl).pathname);
  const execArgv = wantsTs === false ? [] : tsxImport(options.resolveFrom ?? process.cwd());
  const tsconfig = typeof wantsTs === 'object' ? wantsTs.tsconfig : undefined;
  const children: ChildProcess[] = [];
  const handles: ProcessHandle[] = [];
  const outcomes: Promise<ProcessOutcome<T>>[] = [];
  for (let index = 0; index < count; index++) {
    const task = { moduleUrl, exportName: options.exportName ?? 'run', index, count };
    const env: NodeJS.ProcessEnv = { ...process.env, ...options.env, SONI_PROCESS_TASK: JSON.stringify(task) };
    if (tsconfig !== undefined) env.TSX_TSCONFIG_PATH = tsconfig;
    const child = spawn(process.execPath, [...execArgv, '-e', BOOTSTRAP], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
    children.push(child);
    const { handle, outcome } = track<T>(child, index);
    handles.push(handle);
    outcomes.push(outcome);
  }
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => {
      resolve('timeout');
    }, timeoutMs);
  });
  try {
    const loaded = Promise.all(handles.map((h, i) => Promise.race([h.ready, outcomes[i]])));
    if ((await Promise.race([loaded, timedOut])) === 'timeout') throw new Error(`runInProcesses: not every process loaded ${moduleUrl} within ${timeoutMs} ms`);
    for (const child of children) if (child.connected) child.send({ type: 'start', data: options.data });
    const watching = Promise.resolve(options.whileRunning?.(handles));
    const settled = await Promise.race([Promise.all([Promise.all(outcomes), watching]), timedOut]);
    if (settled === 'timeout') throw new Error(`runInProcesses: processes running ${moduleUrl} did not finish within ${timeoutMs} ms`);
    return summarise(settled[0], handles);
  } finally {
    clearTimeout(timer);
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

function track<T>(child: ChildProcess, index: number): { handle: ProcessHandle; outcome: Promise<ProcessOutcome<T>> } {
  const messages: unknown[] = [];
  const listeners = new Set<(message: unknown) => void>();
  let killedWith: NodeJS.Signals | undefined;
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  const handle: ProcessHandle = {
    index,
    pid: child.pid,
    ready,
    messages,
    nextMessage: (matches, timeoutMs = 30_000) => nextMessage(messages, listeners, matches, timeoutMs, index),
    kill: (signal = 'SIGKILL') => {
      killedWith ??= signal;
      child.kill(signal);
    },
  };
  const outcome = new Promise<ProcessOutcome<T>>((resolve) => {
    let settled = false;
    const settle = (value: ProcessOutcome<T>): void => {
      if (settled) return;
      settled = true;
      resolve(value);
    };
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'ready') markReady();
      else if (message.type === 'progress') {
        messages.push(message.message);
        for (const listener of listeners) listener(message.message);
      } else if (message.type === 'done') settle({ index, status: 'fulfilled', value: message.value as T, startedAt: message.startedAt, finishedAt: message.finishedAt });
      else settle({ index, status: 'rejected', phase: message.phase, reason: revive(message.error) });
    });
    child.on('error', (reason) => {
      settle({ index, status: 'rejected', phase: 'run', reason });
    });
    child.on('exit', (code, signal) => {
      if (killedWith !== undefined) settle({ index, status: 'killed', signal: signal ?? killedWith });
      else settle({ index, status: 'rejected', phase: 'exit', reason: new Error(`process ${index} exited (code ${String(code)}, signal ${String(signal)}) before reporting a result`) });
    });
  });
  return { handle, outcome };
}

function nextMessage(messages: readonly unknown[], listeners: Set<(message: unknown) => void>, matches: (message: unknown) => boolean, timeoutMs: number, index: number): Promise<unknown> {
  const found = messages.find(matches);
  if (found !== undefined) return Promise.resolve(found);
  return new Promise((resolve, reject) => {
    const listener = (message: unknown): void => {
      if (!matches(message)) return;
      listeners.delete(listener);
      clearTimeout(timer);
      resolve(message);
    };
    const timer = setTimeout(() => {
      listeners.delete(listener);
      reject(new Error(`process ${index} sent no matching message within ${timeoutMs} ms`));
    }, timeoutMs);
    listeners.add(listener);
  });
}

function summarise<T>(outcomes: ProcessOutcome<T>[], handles: readonly ProcessHandle[]): ProcessReport<T> {
  const finished = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o] : []));
  const starts = finished.map((o) => o.startedAt);
  return {
    outcomes,
    results: outcomes.map((o) => (o.status === 'fulfilled' ? o.value : undefined)),
    errors: outcomes.flatMap((o) => (o.status === 'rejected' ? [{ index: o.index, phase: o.phase, error: o.reason }] : [])),
    killed: outcomes.flatMap((o) => (o.status === 'killed' ? [o.index] : [])),
    pids: finished.flatMap((o) => {
      const pid = handles[o.index]?.pid;
      return pid === undefined ? [] : [pid];
    }),
    startSpreadMs: starts.length === 0 ? 0 : Math.max(...starts) - Math.min(...starts),
  };
}

/**
 * Throws an `AssertionError` listing every failed process unless none failed (processes
 * killed through their handle are not failures); returns the results otherwise.
 */
export function assertProcessesFulfilled<T>(report: ProcessReport<T>): (T | undefined)[] {
  if (report.errors.length > 0) {
    const lines = report.errors.map(({ index, phase, error }) => `  process ${index} (${phase}): ${describeError(error)}`);
    throw new AssertionError({
      message: `${report.errors.length} of ${report.outcomes.length} process(es) failed:\n${lines.join('\n')}`,
      actual: report.errors.length,
      expected: 0,
      operator: 'assertProcessesFulfilled',
    });
  }
  return [...report.results];
}
