import { AssertionError } from 'node:assert';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ProcessResult } from './process-task.fixture';
import { assertProcessesFulfilled, runInProcesses } from './process-harness';
import { useTempModules } from './temp-modules.fixture';

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

  it('reports a missing export as a load error', async () => {
    const missing = await runInProcesses({ module, count: 1, exportName: 'nope', typescript });
    expect(missing.errors.map((e) => e.phase)).toEqual(['load']);
    expect(String(missing.errors[0]?.error)).toMatch(/no exported function "nope"/);
  });

  it('rejects bad options at the boundary', async () => {
    await expect(runInProcesses({ module: 'relative/path.mjs', count: 1 })).rejects.toThrow(/module must be a file: URL or an absolute path/);
    await expect(runInProcesses({ module, count: 0 })).rejects.toThrow(/count must be a positive integer/);
  });
});

describe('runInProcesses with plain JavaScript modules', () => {
  const file = useTempModules({
    'tasks.mjs': `
      export function run({ index, count, data, send }) {
        send({ index, hello: true });
        return { index, count, data, env: process.env.SONI_TEST_VALUE };
      }
      export function other({ index }) { return 'other ' + index; }
      export function throwsString() { throw 'plain string'; }
      export function oddFails({ index }) {
        if (index % 2 === 1) throw new Error('odd ' + index);
        return index;
      }
      export function hang({ send }) {
        send('hanging');
        return new Promise(() => { setInterval(() => {}, 1000); });
      }
      `,
    'never-loads.mjs': 'await new Promise(() => { setInterval(() => {}, 1000); });\nexport function run() {}\n',
  });

  it('passes index, count, data and env to the exported run function, by default', async () => {
    const report = await runInProcesses<{ index: number; count: number; data: unknown; env: unknown }>({
      module: file('tasks.mjs'),
      count: 2,
      data: { when: new Date(0) },
      env: { SONI_TEST_VALUE: 'from the parent' },
    });
    expect(assertProcessesFulfilled(report)).toEqual([0, 1].map((index) => ({ index, count: 2, data: { when: new Date(0) }, env: 'from the parent' })));
    expect(report.outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(report.killed).toEqual([]);
    expect(new Set(report.pids).size).toBe(2);
  });

  it('accepts the module as a file: URL string or a URL, and another export by name', async () => {
    for (const module of [pathToFileURL(file('tasks.mjs')).href, pathToFileURL(file('tasks.mjs'))]) {
      const report = await runInProcesses<string>({ module, count: 1, exportName: 'other' });
      expect(assertProcessesFulfilled(report)).toEqual(['other 0']);
    }
  });

  it('fails a run past its time limit once every process has loaded', async () => {
    // Plain JavaScript loads in well under the limit even on a loaded machine (a tsx import
    // could take longer and fail the load phase instead); the process then hangs in its run.
    await expect(runInProcesses({ module: file('tasks.mjs'), count: 1, exportName: 'hang', timeoutMs: 6000 })).rejects.toThrow(
      /processes running .* did not finish within 6000 ms/,
    );
  });

  it('keeps the progress messages; nextMessage finds one already sent, and gives up after its timeout', async () => {
    const report = await runInProcesses({
      module: file('tasks.mjs'),
      count: 1,
      exportName: 'hang',
      timeoutMs: 20_000,
      whileRunning: async ([p]) => {
        if (p === undefined) throw new Error('one process expected');
        expect(p.index).toBe(0);
        expect(typeof p.pid).toBe('number');
        await p.ready;
        expect(await p.nextMessage((m) => m === 'hanging')).toBe('hanging');
        // Already sent: found at once, whatever the timeout.
        expect(await p.nextMessage((m) => m === 'hanging', 1)).toBe('hanging');
        expect(p.messages).toEqual(['hanging']);
        await expect(p.nextMessage((m) => m === 'never', 50)).rejects.toThrow('process 0 sent no matching message within 50 ms');
        p.kill('SIGTERM');
      },
    });
    expect(report.outcomes).toEqual([{ index: 0, status: 'killed', signal: 'SIGTERM' }]);
    expect(report.killed).toEqual([0]);
    expect(report.errors).toEqual([]);
    expect(report.results).toEqual([undefined]);
    expect(report.pids).toEqual([]);
    expect(report.startSpreadMs).toBe(0);
  });

  it('keeps the results of the others when some fail, and revives thrown non-errors', async () => {
    const mixed = await runInProcesses<number>({ module: file('tasks.mjs'), count: 3, exportName: 'oddFails' });
    expect(mixed.results).toEqual([0, undefined, 2]);
    expect(mixed.errors.map((e) => [e.index, e.phase])).toEqual([[1, 'run']]);
    expect(mixed.pids).toHaveLength(2);
    expect(() => assertProcessesFulfilled(mixed)).toThrow(/^1 of 3 process\(es\) failed:\n {2}process 1 \(run\): Error: odd 1$/);
    const plain = await runInProcesses({ module: file('tasks.mjs'), count: 1, exportName: 'throwsString' });
    expect(plain.errors[0]?.error).toMatchObject({ name: 'NonError', message: 'plain string' });
    expect(plain.errors[0]?.error).not.toHaveProperty('code');
  });

  it('fails instead of hanging when a process never loads', async () => {
    let pid: number | undefined;
    await expect(
      runInProcesses({
        module: file('never-loads.mjs'),
        count: 1,
        timeoutMs: 1_000,
        whileRunning: ([p]) => {
          pid = p?.pid;
        },
      }),
    ).rejects.toThrow(/^runInProcesses: not every process loaded file:.*never-loads\.mjs within 1000 ms$/);
    // whileRunning starts only once every process has loaded.
    expect(pid).toBeUndefined();
  });

  it('rejects options that are not an object, and counts that are not positive integers', async () => {
    await expect(runInProcesses(null as never)).rejects.toThrow(/options must be an object; got null/);
    await expect(runInProcesses({ module: file('tasks.mjs'), count: 1.5 })).rejects.toThrow(/count must be a positive integer; got 1.5/);
  });
});
