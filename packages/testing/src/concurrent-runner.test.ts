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

describe('runConcurrently, details of the contract', () => {
  it("passes the caller's signal to every task, or one that never aborts", async () => {
    const controller = new AbortController();
    const given = await runConcurrently(2, ({ signal }) => signal, { signal: controller.signal });
    expect(given.results).toEqual([controller.signal, controller.signal]);
    const [own] = assertAllFulfilled(await runConcurrently(1, ({ signal }) => signal));
    expect(own).toBeInstanceOf(AbortSignal);
    expect(own?.aborted).toBe(false);
  });

  it('steps to the next macrotask by default, so timers and I/O callbacks run between steps', async () => {
    let ranBetween = false;
    const report = await runConcurrently(1, async ({ step }) => {
      setImmediate(() => {
        ranBetween = true;
      });
      await step();
      return ranBetween;
    });
    expect(report.results).toEqual([true]);
    let microtaskSaw = true;
    await runConcurrently(1, async ({ step }) => {
      let fired = false;
      setImmediate(() => {
        fired = true;
      });
      await step();
      microtaskSaw = fired;
    }, { yieldTo: 'microtask' });
    expect(microtaskSaw).toBe(false);
  });

  it('measures the time from the release to the last task', async () => {
    const report = await runConcurrently(2, async () => {
      await new Promise((resolve) => setTimeout(resolve, 30));
    });
    expect(report.durationMs).toBeGreaterThanOrEqual(25);
    expect(report.durationMs).toBeLessThan(10_000);
    expect(report.outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled']);
  });

  it('assertAllFulfilled lists the first 20 failures and counts the rest', async () => {
    const report = await runConcurrently(23, ({ index }) => {
      throw new Error(`no ${index}`);
    });
    let message = '';
    try {
      assertAllFulfilled(report);
    } catch (error) {
      message = (error as Error).message;
    }
    const lines = message.split('\n');
    expect(lines[0]).toBe('23 of 23 concurrent task(s) failed:');
    expect(lines[20]).toBe('  task 19: Error: no 19');
    expect(lines[21]).toBe('  … and 3 more');
    expect(lines).toHaveLength(22);
    let exactly20: AssertionError | undefined;
    try {
      assertAllFulfilled(await runConcurrently(20, () => { throw new Error('no'); }));
    } catch (error) {
      exactly20 = error as AssertionError;
    }
    expect(exactly20?.message.split('\n')).toHaveLength(21);
    expect(exactly20).toMatchObject({ operator: 'assertAllFulfilled', actual: 20, expected: 0 });
  });

  it('runAll runs the tasks it was given, even if the caller changes the array meanwhile', async () => {
    const tasks = [
      () => {
        tasks[1] = () => 'swapped';
        return 'first';
      },
      () => 'second',
    ];
    expect(assertAllFulfilled(await runAll(tasks))).toEqual(['first', 'second']);
  });

  it('rejects fractional counts and task lists with a non-function', async () => {
    await expect(runConcurrently(1.5, () => 1)).rejects.toThrow(/count must be a positive integer; got 1.5/);
    await expect(runAll([() => 1, 'x'] as never)).rejects.toThrow(/runAll: tasks must be a non-empty array of functions; got/);
    await expect(runAll('x' as never)).rejects.toThrow(/runAll: tasks must be/);
  });
});

describe('createStartGate', () => {
  it('holds waiters until opened, then releases all', async () => {
    const gate = createStartGate();
    expect(gate.isOpen).toBe(false);
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

describe('createStartGate, once open', () => {
  it('lets a later wait through at once and counts it; opening twice changes nothing', async () => {
    const gate = createStartGate();
    gate.open();
    gate.open();
    await gate.wait();
    expect(gate.waiting).toBe(1);
    expect(gate.isOpen).toBe(true);
  });
});
