import { AssertionError } from 'node:assert';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ProcessResult } from './process-task.fixture';
import { assertProcessesFulfilled, runInProcesses } from './process-harness';

const module = new URL('./process-task.fixture.ts', import.meta.url);
const typescript = { tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) };

describe('runInProcesses', () => {
  it('runs each task in its own process, released together, and collects the results', async () => {
    const report = await runInProcesses<ProcessResult>({ module, count: 3, data: { steps: 3 }, typescript });
    const results = assertProcessesFulfilled(report);
    expect(results.map((r) => r?.index)).toEqual([0, 1, 2]);
    const pids = new Set(results.map((r) => r?.pid));
    expect(pids.size).toBe(3);
    expect(pids.has(process.pid)).toBe(false);
    expect(report.pids).toHaveLength(3);
    // Released by one barrier: they start within a small fraction of the time they take to load.
    expect(report.startSpreadMs).toBeLessThan(500);
  });

  it('passes progress messages to whileRunning while the tasks run', async () => {
    const seen: unknown[] = [];
    const report = await runInProcesses<ProcessResult>({
      module,
      count: 2,
      data: { steps: 4 },
      typescript,
      whileRunning: async (processes) => {
        for (const p of processes) seen.push(await p.nextMessage((m) => (m as { step: number }).step === 3));
      },
    });
    assertProcessesFulfilled(report);
    expect(seen).toEqual([{ index: 0, step: 3 }, { index: 1, step: 3 }]);
  });

  it('kills one process mid-run with SIGKILL: reported as killed, not as a failure', async () => {
    const report = await runInProcesses({
      module,
      count: 2,
      exportName: 'hang',
      typescript,
      timeoutMs: 20_000,
      whileRunning: async (processes) => {
        for (const p of processes) {
          await p.ready;
          await p.nextMessage(() => true);
          p.kill();
        }
      },
    });
    expect(report.killed).toEqual([0, 1]);
    expect(report.outcomes.map((o) => (o.status === 'killed' ? o.signal : o.status))).toEqual(['SIGKILL', 'SIGKILL']);
    expect(report.errors).toEqual([]);
  });

  it('collects a throwing task and a process that exits without a result as failures', async () => {
    const failing = await runInProcesses({ module, count: 2, exportName: 'fail', typescript });
    expect(failing.errors.map((e) => [e.index, e.phase, (e.error as { code?: unknown }).code])).toEqual([[0, 'run', 'ON_PURPOSE'], [1, 'run', 'ON_PURPOSE']]);
    expect(() => assertProcessesFulfilled(failing)).toThrow(AssertionError);
    expect(() => assertProcessesFulfilled(failing)).toThrow(/2 of 2 process\(es\) failed:\n {2}process 0 \(run\): Error: process 0 failed on purpose/);
    const exiting = await runInProcesses({ module, count: 1, exportName: 'exitEarly', typescript });
    expect(exiting.errors.map((e) => e.phase)).toEqual(['exit']);
    expect(String(exiting.errors[0]?.error)).toMatch(/exited \(code 3/);
  });

  it('reports a missing export as a load error, and fails a run past its time limit', async () => {
    const missing = await runInProcesses({ module, count: 1, exportName: 'nope', typescript });
    expect(missing.errors.map((e) => e.phase)).toEqual(['load']);
    expect(String(missing.errors[0]?.error)).toMatch(/no exported function "nope"/);
    await expect(runInProcesses({ module, count: 1, exportName: 'hang', typescript, timeoutMs: 3000 })).rejects.toThrow(/did not finish within 3000 ms/);
  });

  it('rejects bad options at the boundary', async () => {
    await expect(runInProcesses({ module: 'relative/path.mjs', count: 1 })).rejects.toThrow(/module must be a file: URL or an absolute path/);
    await expect(runInProcesses({ module, count: 0 })).rejects.toThrow(/count must be a positive integer/);
  });
});
