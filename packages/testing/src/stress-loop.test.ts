import { AssertionError } from 'node:assert';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { assertStressClean, runStressLoop } from './stress-loop';
import type { StressContext, StressReport } from './stress-loop';
import { yieldToEventLoop } from './timing';

describe('runStressLoop', () => {
  it('runs readers and writers until the duration elapses, counting operations', async () => {
    const store = new Map<string, number>([['preset', 1]]);
    const report = await runStressLoop({
      readers: { count: 3, operation: () => store.get('preset') },
      writers: [({ iteration }) => store.set(`w0_${iteration}`, iteration), ({ iteration }) => store.set(`w1_${iteration}`, iteration)],
      invariant: () => store.get('preset') === 1,
      durationMs: 50,
    });
    assertStressClean(report, { minOpsPerWorker: 5 });
    expect(report.stoppedBy).toBe('duration');
    expect(report.perWorker.readers).toHaveLength(3);
    expect(report.ops.writes).toBe(store.size - 1);
    expect(report.invariantChecks).toBe(report.ops.total + 1);
  });

  it('stops on an abort signal (the threading.Event stand-in)', async () => {
    const stop = new AbortController();
    setTimeout(() => {
      stop.abort();
    }, 20);
    const report = await runStressLoop({ readers: { count: 1, operation: () => undefined }, signal: stop.signal });
    expect(report.stoppedBy).toBe('signal');
    expect(report.ops.reads).toBeGreaterThan(0);
  });

  it('collects operation errors and fails assertStressClean', async () => {
    const report = await runStressLoop({
      readers: { count: 1, operation: ({ iteration }) => { if (iteration === 2) throw new Error('Reader error: boom'); } },
      durationMs: 30,
    });
    expect(report.errors).toEqual([{ source: 'reader', index: 0, error: new Error('Reader error: boom') }]);
    expect(() => { assertStressClean(report); }).toThrow(AssertionError);
    expect(() => { assertStressClean(report); }).toThrow(/reader 0: Error: Reader error: boom/);
  });

  it('catches an invariant broken between two steps of a writer', async () => {
    const account = { a: 50, b: 50 };
    const report = await runStressLoop({
      writers: {
        count: 1,
        operation: async () => {
          account.a -= 10;
          await yieldToEventLoop();
          account.b += 10;
        },
      },
      readers: { count: 1, operation: () => undefined },
      invariant: () => account.a + account.b === 100,
      durationMs: 30,
    });
    expect(report.errors.some((e) => e.source === 'invariant')).toBe(true);
    expect(() => { assertStressClean(report); }).toThrow(/invariant: Error: invariant returned false/);
  });

  it('fails on an unhandled rejection raised during the loop, and stops at maxErrors', async () => {
    const report = await runStressLoop({
      writers: {
        count: 1,
        operation: ({ iteration }) => {
          if (iteration === 0) void Promise.reject(new Error('fire and forget'));
        },
      },
      durationMs: 50,
    });
    expect(report.errors.map((e) => e.source)).toEqual(['unhandled-rejection']);
    expect(() => { assertStressClean(report); }).toThrow(/unhandled-rejection: Error: fire and forget/);

    const capped = await runStressLoop({ readers: { count: 2, operation: () => { throw new Error('x'); } }, durationMs: 5000, maxErrors: 5 });
    expect(capped.stoppedBy).toBe('max-errors');
    expect(capped.errors.length).toBeGreaterThanOrEqual(5);
  });

  it('reports a starved worker', async () => {
    const report = await runStressLoop({
      readers: { count: 1, operation: ({ signal }) => new Promise((resolve) => { signal.addEventListener('abort', resolve); }) },
      writers: { count: 1, operation: () => undefined },
      durationMs: 20,
    });
    expect(() => { assertStressClean(report, { minOpsPerWorker: 2 }); }).toThrow(/reader 0 completed 1 operation\(s\), expected at least 2/);
  });

  it('rejects a loop that could never stop or has no workers', async () => {
    await expect(runStressLoop({ readers: { count: 1, operation: () => undefined } })).rejects.toThrow(/give durationMs or signal/);
    await expect(runStressLoop({ durationMs: 10 })).rejects.toThrow(/at least one reader or writer/);
    await expect(runStressLoop({ readers: { count: -1, operation: () => undefined }, durationMs: 1 })).rejects.toThrow(/readers must be/);
  });
});

describe('runStressLoop, details of the contract', () => {
  it('gives each operation its index, its iteration count and the stop signal', async () => {
    const seen: (StressContext & { role: string })[] = [];
    const report = await runStressLoop({
      readers: [(context) => { seen.push({ ...context, role: 'reader' }); }],
      writers: { count: 2, operation: (context) => { seen.push({ ...context, role: 'writer' }); } },
      durationMs: 30,
    });
    const iterations = (role: string, index: number): number[] => seen.filter((c) => c.role === role && c.index === index).map((c) => c.iteration);
    for (const [role, index, count] of [['reader', 0, report.perWorker.readers[0]], ['writer', 0, report.perWorker.writers[0]], ['writer', 1, report.perWorker.writers[1]]] as const) {
      const made = iterations(role, index);
      expect(made.length).toBeGreaterThan(1);
      expect(made).toEqual(made.map((_, i) => i));
      expect(count).toBe(made.length);
    }
    expect(seen.every((c) => c.signal.aborted)).toBe(true);
    expect(report.ops.reads).toBe(report.perWorker.readers[0]);
    expect(report.ops.writes).toBe((report.perWorker.writers[0] ?? 0) + (report.perWorker.writers[1] ?? 0));
    expect(report.ops.total).toBe(report.ops.reads + report.ops.writes);
    expect(report.durationMs).toBeGreaterThanOrEqual(25);
    expect(report.durationMs).toBeLessThan(10_000);
  });

  it('reports the first reason it stopped for, and stops at exactly maxErrors', async () => {
    const controller = new AbortController();
    const report = await runStressLoop({
      readers: [() => { controller.abort(); throw new Error('after the abort'); }],
      signal: controller.signal,
      maxErrors: 1,
    });
    expect(report.stoppedBy).toBe('signal');
    let thrown = 0;
    const capped = await runStressLoop({
      readers: [() => { thrown += 1; if (thrown === 1) throw new Error('only once'); }],
      durationMs: 5_000,
      maxErrors: 1,
    });
    expect(capped.stoppedBy).toBe('max-errors');
    expect(capped.errors).toHaveLength(1);
  });

  it('records an invariant that throws or rejects, with its own error', async () => {
    const thrown = new Error('balance is negative');
    const report = await runStressLoop({
      readers: { count: 1, operation: () => undefined },
      invariant: () => { throw thrown; },
      durationMs: 10_000,
      maxErrors: 3,
    });
    expect(report.errors.slice(0, 3)).toEqual([0, 1, 2].map(() => ({ source: 'invariant', index: -1, error: thrown })));
    const rejected = await runStressLoop({
      readers: { count: 1, operation: () => undefined },
      invariant: () => Promise.reject(thrown),
      durationMs: 10_000,
      maxErrors: 1,
    });
    expect(rejected.errors[0]).toEqual({ source: 'invariant', index: -1, error: thrown });
    expect(rejected.stoppedBy).toBe('max-errors');
    expect(() => { assertStressClean(rejected); }).toThrow(/\n {2}invariant: Error: balance is negative/);
  });

  it('runs nothing when the signal is already aborted', async () => {
    let calls = 0;
    const report = await runStressLoop({ readers: { count: 2, operation: () => { calls += 1; } }, signal: AbortSignal.abort(), durationMs: 10_000 });
    expect(calls).toBe(0);
    expect(report.stoppedBy).toBe('signal');
    expect(report.ops).toEqual({ reads: 0, writes: 0, total: 0 });
  });

  it('clears its duration timer when stopped by the signal', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const stop = new AbortController();
      const running = runStressLoop({ readers: { count: 1, operation: ({ iteration }) => { if (iteration === 3) stop.abort(); } }, signal: stop.signal, durationMs: 60_000 });
      expect((await running).stoppedBy).toBe('signal');
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('sets the other unhandledRejection listeners aside while it runs and puts them back after', async () => {
    const mine = (): void => undefined;
    process.on('unhandledRejection', mine);
    onTestFinished(() => { process.off('unhandledRejection', mine); });
    const before = process.listeners('unhandledRejection');
    let during: unknown[] = [];
    await runStressLoop({ readers: { count: 1, operation: () => { during = process.listeners('unhandledRejection'); } }, durationMs: 10 });
    expect(during).toHaveLength(1);
    expect(before.some((l) => during.includes(l))).toBe(false);
    expect(process.listeners('unhandledRejection')).toEqual(before);
  });

  it('leaves unhandledRejection listeners alone with captureUnhandledRejections: false', async () => {
    const before = process.listeners('unhandledRejection');
    let during: unknown[] = [];
    const report = await runStressLoop({
      readers: { count: 1, operation: () => { during = process.listeners('unhandledRejection'); } },
      durationMs: 10,
      captureUnhandledRejections: false,
    });
    expect(during).toEqual(before);
    expect(process.listeners('unhandledRejection')).toEqual(before);
    expect(report.errors).toEqual([]);
  });

  it('rejects malformed options at the boundary, naming the value', async () => {
    const op = (): undefined => undefined;
    await expect(runStressLoop(null as never)).rejects.toThrow(/options must be an object; got null/);
    await expect(runStressLoop('fast' as never)).rejects.toThrow(/options must be an object; got 'fast'/);
    await expect(runStressLoop({ readers: [op, 'x' as never], durationMs: 1 })).rejects.toThrow(/readers must contain only functions/);
    await expect(runStressLoop({ writers: { count: 1.5, operation: op }, durationMs: 1 })).rejects.toThrow(/writers must be an array of functions or \{ count, operation \}; got/);
    await expect(runStressLoop({ writers: { count: 1, operation: 'x' as never }, durationMs: 1 })).rejects.toThrow(/writers must be/);
    for (const durationMs of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      await expect(runStressLoop({ readers: [op], durationMs })).rejects.toThrow(/durationMs must be a non-negative number/);
    }
    await expect(runStressLoop({ readers: { count: 0, operation: op }, writers: [], durationMs: 1 })).rejects.toThrow(/at least one reader or writer/);
    const zero = await runStressLoop({ readers: { count: 1, operation: op }, durationMs: 0 });
    expect(zero.stoppedBy).toBe('duration');
  });
});

describe('assertStressClean', () => {
  const report = (overrides: Partial<StressReport>): StressReport => ({
    ops: { reads: 4, writes: 2, total: 6 },
    perWorker: { readers: [4], writers: [2] },
    invariantChecks: 0,
    errors: [],
    stoppedBy: 'duration',
    durationMs: 10,
    ...overrides,
  });

  it('passes a clean report, and fails one where a worker made fewer operations than required', () => {
    expect(() => { assertStressClean(report({})); }).not.toThrow();
    expect(() => { assertStressClean(report({}), { minOpsPerWorker: 2 }); }).not.toThrow();
    expect(() => { assertStressClean(report({ perWorker: { readers: [3], writers: [3] } }), { minOpsPerWorker: 3 }); }).not.toThrow();
    expect(() => { assertStressClean(report({}), { minOpsPerWorker: 3 }); }).toThrow(
      'Stress loop was not clean (0 error(s), 6 operation(s), stopped by duration):\n  writer 0 completed 2 operation(s), expected at least 3',
    );
    expect(() => { assertStressClean(report({ perWorker: { readers: [0], writers: [2] } })); }).toThrow(/reader 0 completed 0 operation\(s\), expected at least 1$/);
  });

  it('lists the first 20 errors with their source and worker, and counts the rest', () => {
    const errors = Array.from({ length: 23 }, (_, i) => ({ source: 'writer' as const, index: i % 2, error: new Error(`e${i}`) }));
    let message = '';
    try {
      assertStressClean(report({ errors, stoppedBy: 'max-errors' }));
    } catch (error) {
      message = (error as Error).message;
    }
    const lines = message.split('\n');
    expect(lines[0]).toBe('Stress loop was not clean (23 error(s), 6 operation(s), stopped by max-errors):');
    expect(lines[1]).toBe('  writer 0: Error: e0');
    expect(lines[2]).toBe('  writer 1: Error: e1');
    expect(lines[20]).toBe('  writer 1: Error: e19');
    expect(lines[21]).toBe('  … and 3 more');
    expect(lines).toHaveLength(22);
    let exactly20: AssertionError | undefined;
    try {
      assertStressClean(report({ errors: errors.slice(0, 20) }));
    } catch (error) {
      exactly20 = error as AssertionError;
    }
    expect(exactly20?.message.split('\n')).toHaveLength(21);
    expect(exactly20).toMatchObject({ operator: 'assertStressClean', actual: 20, expected: 0 });
    const unhandled = report({ errors: [{ source: 'unhandled-rejection', index: -1, error: 'oops' }] });
    expect(() => { assertStressClean(unhandled); }).toThrow(/\n {2}unhandled-rejection: 'oops'$/);
  });
});
