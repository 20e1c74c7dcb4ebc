import { AssertionError } from 'node:assert';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ActionRegistry } from '@soni/core';
import { assertAllFulfilled, runConcurrently } from './concurrent-runner';
import { run } from './register-worker.fixture';
import type { RegisterResult } from './register-worker.fixture';
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
