import { AssertionError } from 'node:assert';
import { describe, expect, it } from 'vitest';
import { assertAllFulfilled, runAll } from './concurrent-runner';
import { assertSnapshots, checkSnapshots, observeSnapshots } from './snapshot-check';
import { yieldToEventLoop } from './timing';

describe('snapshot checks', () => {
  it('accepts states from the allowed list (deep equality) or predicate', () => {
    expect(checkSnapshots([0, 100, 0], [0, 100]).violations).toEqual([]);
    expect(checkSnapshots([{ n: 1 }], [{ n: 1 }]).violations).toEqual([]);
    expect(checkSnapshots([2, 4, 5], (n) => n % 2 === 0).violations).toEqual([{ index: 2, state: 5 }]);
    expect(checkSnapshots([0, 0, 100], [0, 100]).seen).toEqual([{ state: 0, count: 2 }, { state: 100, count: 1 }]);
  });

  it('assertSnapshots throws on a partial state and on a required state never seen', () => {
    expect(() => assertSnapshots([100, 37, 0], [0, 100])).toThrow(AssertionError);
    expect(() => assertSnapshots([100, 37, 0], [0, 100])).toThrow(/1 of 3 snapshot\(s\) were not in the allowed set:\n {2}#1: 37/);
    expect(() => assertSnapshots([100, 100], [0, 100], { mustSee: [0] })).toThrow(/never observed the required state 0/);
    expect(assertSnapshots([100, 0], [0, 100], { mustSee: [0, 100] }).total).toBe(2);
  });

  it('catches a clear that empties a collection across await points', async () => {
    const items = new Set(Array.from({ length: 100 }, (_, i) => i));
    const report = await runAll<number[] | undefined>([
      () => observeSnapshots(() => items.size, { samples: 300 }),
      async () => {
        for (const item of [...items]) {
          items.delete(item);
          if (item % 10 === 0) await yieldToEventLoop();
        }
        return undefined;
      },
    ]);
    const [observed = []] = assertAllFulfilled(report);
    expect(() => assertSnapshots(observed, [0, 100])).toThrow(/not in the allowed set/);
  });

  it('passes an atomic clear', async () => {
    const items = new Set(Array.from({ length: 100 }, (_, i) => i));
    const report = await runAll<number[] | undefined>([
      () => observeSnapshots(() => items.size, { samples: 200 }),
      async () => {
        for (let i = 0; i < 20; i++) await yieldToEventLoop();
        items.clear();
        return undefined;
      },
    ]);
    const [observed = []] = assertAllFulfilled(report);
    expect(assertSnapshots(observed, [0, 100], { mustSee: [0, 100] }).violations).toEqual([]);
  });

  it('observeSnapshots stops on abort and rejects bad options', async () => {
    const controller = new AbortController();
    let reads = 0;
    const observed = await observeSnapshots(() => {
      reads += 1;
      if (reads === 3) controller.abort();
      return reads;
    }, { signal: controller.signal, yieldEvery: 2 });
    expect(observed).toEqual([1, 2, 3]);
    await expect(observeSnapshots(() => 1, { samples: -1 })).rejects.toThrow(/samples must be a non-negative integer/);
    expect(() => checkSnapshots([1], 'x' as never)).toThrow(/allowed must be an array of states or a predicate/);
  });
});
