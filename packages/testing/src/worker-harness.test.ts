import { AssertionError } from 'node:assert';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ActionRegistry } from '@soni/core';
import { assertAllFulfilled, runConcurrently } from './concurrent-runner';
import { run } from './register-worker.fixture';
import type { RegisterResult } from './register-worker.fixture';
import { useTempModules } from './temp-modules.fixture';
import { assertWorkersFulfilled, runInWorkers } from './worker-harness';

const workerModule = new URL('./register-worker.fixture.ts', import.meta.url);
// tsx applies this tsconfig's paths, so the worker imports @soni/core from source (no build needed).
const typescript = { tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) };

describe('runInWorkers', () => {
  afterEach(() => {
    ActionRegistry.clearGlobal();
  });

  it('runs 10 real threads x 100 registrations in parallel; each thread has its own registry', async () => {
    const report = await runInWorkers<RegisterResult>({ module: workerModule, count: 10, data: { actions: 100 }, typescript });
    const results = assertWorkersFulfilled(report);
    expect(results.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // Ten distinct threads, none of them this one.
    expect(new Set(results.map((r) => r.threadId)).size).toBe(10);
    expect(report.threadIds).toHaveLength(10);
    // Each thread's registry holds its own 100 actions and nothing from the others.
    expect(results.map((r) => r.globalCount)).toEqual(Array<number>(10).fill(100));
    expect(results.every((r) => r.foreignNames === 0)).toBe(true);
    // This thread's registry saw none of it.
    expect(new ActionRegistry().listActions().global).toEqual([]);
    expect(report.startSpreadMs).toBeGreaterThanOrEqual(0);
  });

  it('tells threads apart from tasks in one thread, which share a registry', async () => {
    const report = await runConcurrently(3, ({ index }) => run({ index, count: 3, threadId: 0, data: { actions: 10 } }));
    const inProcess = assertAllFulfilled(report);
    // Same code, one isolate: later tasks see the earlier tasks' actions.
    expect(inProcess.map((r) => r.globalCount)).toEqual([10, 20, 30]);
    expect(inProcess.some((r) => r.foreignNames > 0)).toBe(true);
  });

  it('collects a throwing worker as a run error and assertWorkersFulfilled reports it', async () => {
    const report = await runInWorkers({ module: workerModule, count: 2, exportName: 'fail', typescript });
    expect(report.errors.map((e) => [e.index, e.phase])).toEqual([[0, 'run'], [1, 'run']]);
    expect(String(report.errors[0]?.error)).toMatch(/worker 0 failed on purpose/);
    expect(() => assertWorkersFulfilled(report)).toThrow(AssertionError);
    expect(() => assertWorkersFulfilled(report)).toThrow(/2 of 2 worker\(s\) failed:\n {2}worker 0 \(run\): Error: worker 0 failed on purpose/);
  });

  it('reports a missing export as a load error instead of hanging at the barrier', async () => {
    const report = await runInWorkers({ module: workerModule, count: 2, exportName: 'nope', typescript });
    expect(report.errors.map((e) => e.phase)).toEqual(['load', 'load']);
    expect(String(report.errors[0]?.error)).toMatch(/no exported function "nope"/);
  });

  it('rejects bad options at the boundary', async () => {
    await expect(runInWorkers({ module: 'relative/path.mjs', count: 1 })).rejects.toThrow(/module must be a file: URL or an absolute path/);
    await expect(runInWorkers({ module: workerModule, count: 0 })).rejects.toThrow(/count must be a positive integer/);
  });
});

describe('runInWorkers with plain JavaScript workers', () => {
  const file = useTempModules({
    'tasks.mjs': `
      import { setTimeout as sleep } from 'node:timers/promises';
      export async function run({ index, count, data, threadId }) {
        await sleep(data?.sleepMs ?? 0);
        return { index, count, data, threadId };
      }
      export function other({ index }) { return 'other ' + index; }
      export function coded({ index }) {
        const error = new RangeError('worker ' + index + ' is out of range');
        error.code = 'E_RANGE';
        throw error;
      }
      export function throwsString() { throw 'plain string'; }
      export function oddFails({ index }) {
        if (index % 2 === 1) throw new Error('odd ' + index);
        return index;
      }
      export function exits() { process.exit(3); }
      export function hangs() { return new Promise(() => { setInterval(() => {}, 1000); }); }
      `,
    // Worker 0 takes a while to load; the others load at once and must still wait for it.
    'slow-load.mjs': `
      import { workerData } from 'node:worker_threads';
      import { setTimeout as sleep } from 'node:timers/promises';
      if (workerData.index === 0) await sleep(300);
      export function run() { return performance.timeOrigin + performance.now(); }
      `,
    'never-loads.mjs': 'await new Promise(() => { setInterval(() => {}, 1000); });\nexport function run() {}\n',
  });

  it('passes index, count, data and the thread id to the exported run function, by default', async () => {
    const report = await runInWorkers<{ index: number; count: number; data: unknown; threadId: number }>({
      module: file('tasks.mjs'),
      count: 3,
      data: { label: 'x' },
    });
    const results = assertWorkersFulfilled(report);
    expect(results.map(({ index, count, data }) => ({ index, count, data }))).toEqual([0, 1, 2].map((index) => ({ index, count: 3, data: { label: 'x' } })));
    expect(report.threadIds).toEqual(results.map((r) => r.threadId));
    expect(report.outcomes.map((o) => [o.index, o.status])).toEqual([[0, 'fulfilled'], [1, 'fulfilled'], [2, 'fulfilled']]);
    expect(report.errors).toEqual([]);
  });

  it('accepts the module as an absolute path, a file: URL string or a URL, and another export by name', async () => {
    for (const module of [file('tasks.mjs'), pathToFileURL(file('tasks.mjs')).href, pathToFileURL(file('tasks.mjs'))]) {
      const report = await runInWorkers<string>({ module, count: 2, exportName: 'other' });
      expect(assertWorkersFulfilled(report)).toEqual(['other 0', 'other 1']);
    }
  });

  it('measures the run from the barrier: duration covers the task, the start spread stays small', async () => {
    const report = await runInWorkers({ module: file('tasks.mjs'), count: 2, data: { sleepMs: 120 } });
    assertWorkersFulfilled(report);
    expect(report.durationMs).toBeGreaterThanOrEqual(100);
    expect(report.durationMs).toBeLessThan(10_000);
    expect(report.startSpreadMs).toBeGreaterThanOrEqual(0);
    expect(report.startSpreadMs).toBeLessThan(report.durationMs);
    for (const outcome of report.outcomes) {
      if (outcome.status !== 'fulfilled') throw new Error('expected every worker to fulfil');
      expect(outcome.finishedAt - outcome.startedAt).toBeGreaterThanOrEqual(100);
    }
  });

  it('holds every worker at the barrier until the slowest one has loaded', async () => {
    const before = performance.timeOrigin + performance.now();
    const report = await runInWorkers<number>({ module: file('slow-load.mjs'), count: 3 });
    const starts = assertWorkersFulfilled(report);
    // The fast loaders did not run before the slow one was ready (~300 ms in).
    for (const start of starts) expect(start - before).toBeGreaterThanOrEqual(250);
    expect(report.startSpreadMs).toBeLessThan(250);
  });

  it('revives a worker error with its name, message, stack and code, and keeps the other results', async () => {
    const coded = await runInWorkers({ module: file('tasks.mjs'), count: 1, exportName: 'coded' });
    const error = coded.errors[0]?.error as Error & { code?: unknown };
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('RangeError');
    expect(error.message).toBe('worker 0 is out of range');
    expect(error.code).toBe('E_RANGE');
    expect(error.stack).toMatch(/coded/);
    expect(coded.outcomes[0]).toMatchObject({ index: 0, status: 'rejected', phase: 'run' });

    const plain = await runInWorkers({ module: file('tasks.mjs'), count: 1, exportName: 'throwsString' });
    expect(plain.errors[0]?.error).toMatchObject({ name: 'NonError', message: 'plain string' });
    expect(plain.errors[0]?.error).not.toHaveProperty('code');

    const mixed = await runInWorkers<number>({ module: file('tasks.mjs'), count: 3, exportName: 'oddFails' });
    expect(mixed.results).toEqual([0, undefined, 2]);
    expect(mixed.errors.map((e) => [e.index, e.phase])).toEqual([[1, 'run']]);
    expect(mixed.threadIds).toHaveLength(2);
    expect(() => assertWorkersFulfilled(mixed)).toThrow(/^1 of 3 worker\(s\) failed:\n {2}worker 1 \(run\): Error: odd 1$/);
  });

  it('reports a worker that exits without a result, with its exit code', async () => {
    const report = await runInWorkers({ module: file('tasks.mjs'), count: 1, exportName: 'exits' });
    expect(report.errors.map((e) => e.phase)).toEqual(['exit']);
    expect(String(report.errors[0]?.error)).toBe('Error: worker 0 exited with code 3 before reporting a result');
    expect(report.startSpreadMs).toBe(0);
    expect(report.durationMs).toBe(0);
  });

  it('fails instead of hanging when a worker never finishes or never loads', async () => {
    // Long enough for the threads to load on a loaded machine, so it is the run that times out.
    await expect(runInWorkers({ module: file('tasks.mjs'), count: 2, exportName: 'hangs', timeoutMs: 3_000 })).rejects.toThrow(
      /^runInWorkers: workers running file:.*tasks\.mjs did not finish within 3000 ms$/,
    );
    await expect(runInWorkers({ module: file('never-loads.mjs'), count: 2, timeoutMs: 200 })).rejects.toThrow(
      /^runInWorkers: only 0 of 2 workers loaded file:.*never-loads\.mjs within 200 ms$/,
    );
  });

  it('rejects options that are not an object, and counts that are not positive integers', async () => {
    await expect(runInWorkers(null as never)).rejects.toThrow(/options must be an object; got null/);
    await expect(runInWorkers({ module: file('tasks.mjs'), count: 1.5 })).rejects.toThrow(/count must be a positive integer; got 1.5/);
    await expect(runInWorkers({ module: 42 as never, count: 1 })).rejects.toThrow(/got 42/);
  });
});
