import { AssertionError } from 'node:assert';
import { describe, expect, it } from 'vitest';
import { assertAllFulfilled, runAll, runConcurrently } from './concurrent-runner';
import { createStartGate } from './start-gate';

describe('runConcurrently', () => {
  it('releases every task together, so none has finished before all have started', async () => {
    const started: number[] = [];
    let finishedBeforeAllStarted = false;
    const report = await runConcurrently(5, async ({ index, count, step }) => {
      started.push(index);
      await step();
      if (started.length < count) finishedBeforeAllStarted = true;
      return index * 2;
    });
    expect(finishedBeforeAllStarted).toBe(false);
    expect(assertAllFulfilled(report)).toEqual([0, 2, 4, 6, 8]);
  });

  it('interleaves tasks at each step', async () => {
    const trace: string[] = [];
    await runConcurrently(2, async ({ index, step }) => {
      for (let i = 0; i < 3; i++) {
        trace.push(`${index}.${i}`);
        await step();
      }
    }, { yieldTo: 'microtask' });
    expect(trace).toEqual(['0.0', '1.0', '0.1', '1.1', '0.2', '1.2']);
  });

  it('collects every error without rejecting, and assertAllFulfilled reports them', async () => {
    const report = await runConcurrently(4, ({ index }) => {
      if (index % 2 === 1) throw new Error(`task ${index} broke`);
      return index;
    });
    expect(report.results).toEqual([0, undefined, 2, undefined]);
    expect(report.errors.map((e) => e.index)).toEqual([1, 3]);
    expect(() => assertAllFulfilled(report)).toThrow(AssertionError);
    expect(() => assertAllFulfilled(report)).toThrow(/2 of 4 concurrent task\(s\) failed:\n {2}task 1: Error: task 1 broke/);
  });

  it('catches a lost update in an unsynchronised read-step-write counter', async () => {
    let counter = 0;
    await runConcurrently(10, async ({ step }) => {
      for (let i = 0; i < 10; i++) {
        const read = counter;
        await step();
        counter = read + 1;
      }
    });
    expect(counter).toBeLessThan(100);
  });

  it('runAll runs one task per role', async () => {
    const report = await runAll([() => 'reader', async ({ step }) => { await step(); return 'clearer'; }]);
    expect(assertAllFulfilled(report)).toEqual(['reader', 'clearer']);
  });

  it('rejects bad arguments at the boundary', async () => {
    await expect(runConcurrently(0, () => 1)).rejects.toThrow(/count must be a positive integer; got 0/);
    await expect(runConcurrently(2, 'x' as never)).rejects.toThrow(/task must be a function/);
    await expect(runAll([])).rejects.toThrow(/non-empty array/);
  });
});

describe('createStartGate', () => {
  it('holds waiters until opened, then releases all', async () => {
    const gate = createStartGate();
    let released = 0;
    const waiting = [gate.wait(), gate.wait()].map((p) => p.then(() => (released += 1)));
    await new Promise((r) => setImmediate(r));
    expect(released).toBe(0);
    expect(gate.waiting).toBe(2);
    gate.open();
    await Promise.all(waiting);
    expect(released).toBe(2);
    expect(gate.isOpen).toBe(true);
  });
});
