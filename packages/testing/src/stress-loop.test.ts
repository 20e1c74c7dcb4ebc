import { AssertionError } from 'node:assert';
import { describe, expect, it } from 'vitest';
import { assertStressClean, runStressLoop } from './stress-loop';
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
