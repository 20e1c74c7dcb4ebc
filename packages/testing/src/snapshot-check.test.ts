import { AssertionError } from 'node:assert';
import { describe, expect, it } from 'vitest';
import { assertAllFulfilled, runAll } from './concurrent-runner';
import { assertSnapshots, checkSnapshots, observeSnapshots } from './snapshot-check';
import { sleep, yieldToEventLoop } from './timing';

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
    const report = await runAll([
      () => observeSnapshots(() => items.size, { mustSee: [0] }),
      async () => {
        for (const item of [...items]) {
          items.delete(item);
          if (item % 10 === 0) await yieldToEventLoop();
        }
      },
    ]);
    const [observed] = assertAllFulfilled(report);
    expect(() => assertSnapshots(observed, [0, 100])).toThrow(/not in the allowed set/);
  });

  it('passes an atomic clear', async () => {
    const items = new Set(Array.from({ length: 100 }, (_, i) => i));
    const report = await runAll([
      () => observeSnapshots(() => items.size, { mustSee: [100, 0] }),
      async () => {
        for (let i = 0; i < 20; i++) await yieldToEventLoop();
        items.clear();
      },
    ]);
    const [observed] = assertAllFulfilled(report);
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
    await expect(observeSnapshots(() => 1, { timeoutMs: 0 })).rejects.toThrow(/timeoutMs must be a positive finite number; got 0/);
    await expect(observeSnapshots(() => 1, { until: 5 as never })).rejects.toThrow(/until must be a promise; got 5/);
    await expect(observeSnapshots(() => 1, { mustSee: 1 as never })).rejects.toThrow(/mustSee must be an array of states/);
    expect(() => checkSnapshots([1], 'x' as never)).toThrow(/allowed must be an array of states or a predicate/);
  });
});

// A fixed number of samples can end before a change lands: each one costs only an event-loop
// turn, so 1000 of them can be over before a writer's `sleep(10)`. These writers wait until
// the reader has taken more than 1000 snapshots (or for a timer), and the states must be seen.
describe('observeSnapshots samples as long as the change takes', () => {
  it('with mustSee: samples until every required state was seen, however late it comes', async () => {
    let state = 100;
    let reads = 0;
    const [snapshots] = assertAllFulfilled(
      await runAll([
        () => observeSnapshots(() => ((reads += 1), state), { mustSee: [100, 0] }),
        async () => {
          for (let turn = 0; turn < 5000 && reads <= 1500; turn++) await yieldToEventLoop();
          state = 0;
        },
      ]),
    );
    expect(snapshots.length).toBeGreaterThan(1500);
    expect(snapshots[0]).toBe(100);
    expect(snapshots.at(-1)).toBe(0);
    expect(assertSnapshots(snapshots, [0, 100], { mustSee: [100, 0] }).violations).toEqual([]);
  });

  it('with mustSee: a writer that sleeps first (the README example) is always observed', async () => {
    const items = new Set(Array.from({ length: 100 }, (_, i) => i));
    for (let attempt = 0; attempt < 5; attempt++) {
      const [snapshots] = assertAllFulfilled(
        await runAll([
          () => observeSnapshots(() => items.size, { mustSee: [100, 0] }),
          async () => {
            await sleep(20);
            items.clear();
          },
        ]),
      );
      assertSnapshots(snapshots, [0, 100], { mustSee: [100, 0] });
      for (let i = 0; i < 100; i++) items.add(i);
    }
  });

  it('with until: samples until the change settles, then once more', async () => {
    let state = 'before';
    const change = (async () => {
      for (let turn = 0; turn < 1500; turn++) await yieldToEventLoop();
      state = 'after';
    })();
    const snapshots = await observeSnapshots(() => state, { until: change });
    expect(snapshots.length).toBeGreaterThan(1000);
    expect(snapshots[0]).toBe('before');
    expect(snapshots.at(-1)).toBe('after');
    expect(snapshots.filter((s) => s === 'after').length).toBeLessThanOrEqual(2);
  });

  it('with until: a change that rejects still ends the sampling', async () => {
    const failing = (async () => {
      await yieldToEventLoop();
      throw new Error('writer failed');
    })();
    failing.catch(() => undefined);
    const snapshots = await observeSnapshots(() => 1, { until: failing });
    expect(snapshots.length).toBeGreaterThanOrEqual(2);
    expect(snapshots.length).toBeLessThan(10);
  });

  it('stops as soon as the required states were seen', async () => {
    let reads = 0;
    expect(await observeSnapshots(() => ((reads += 1), 'steady'), { mustSee: ['steady'] })).toEqual(['steady']);
    expect(reads).toBe(1);
  });

  it('a required state that never comes stops at the deadline and fails the assertion', async () => {
    const snapshots = await observeSnapshots(() => 100, { mustSee: [100, 0], timeoutMs: 30 });
    expect(snapshots.length).toBeGreaterThan(1);
    expect(() => assertSnapshots(snapshots, [0, 100], { mustSee: [100, 0] })).toThrow(/never observed the required state 0/);
  });
});

describe('observeSnapshots, how many snapshots and when', () => {
  it('takes 1000 snapshots by default without until or mustSee, or as many as samples says', async () => {
    expect(await observeSnapshots(() => 1)).toHaveLength(1000);
    expect(await observeSnapshots(() => 1, { samples: 3 })).toEqual([1, 1, 1]);
    expect(await observeSnapshots(() => 1, { samples: 0 })).toEqual([]);
    // The deadline applies only with until or mustSee: a fixed count is always taken in full.
    expect(await observeSnapshots(async () => { await sleep(2); return 1; }, { samples: 5, timeoutMs: 1 })).toHaveLength(5);
  });

  it('awaits an async read', async () => {
    let n = 0;
    expect(await observeSnapshots(async () => { await yieldToEventLoop(); n += 1; return n; }, { samples: 3 })).toEqual([1, 2, 3]);
  });

  it('with mustSee and a sample limit: stops at the limit', async () => {
    expect(await observeSnapshots(() => 'a', { mustSee: ['b'], samples: 4 })).toEqual(['a', 'a', 'a', 'a']);
  });

  it('yields to the event loop after every yieldEvery snapshots, and not in between', async () => {
    const reads: number[] = [];
    let ticks = 0;
    let ticking = true;
    const tick = (): void => {
      ticks += 1;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    await observeSnapshots(() => { reads.push(ticks); return 0; }, { samples: 9, yieldEvery: 3 });
    ticking = false;
    // Three reads share each turn of the event loop.
    expect(reads.slice(0, 3).every((t) => t === reads[0])).toBe(true);
    expect(reads[3]).toBeGreaterThan(reads[2] ?? Infinity);
    expect(reads[4]).toBe(reads[3]);
    expect(reads[6]).toBeGreaterThan(reads[5] ?? Infinity);
  });

  it('rejects a non-function read and malformed numbers', async () => {
    await expect(observeSnapshots('x' as never)).rejects.toThrow(/read must be a function; got 'x'/);
    await expect(observeSnapshots(() => 1, { samples: 1.5 })).rejects.toThrow(/samples must be a non-negative integer; got 1.5/);
    expect(await observeSnapshots(() => 1, { samples: Infinity, mustSee: [1] })).toEqual([1]);
    for (const yieldEvery of [0, 1.5]) {
      await expect(observeSnapshots(() => 1, { yieldEvery })).rejects.toThrow(/yieldEvery must be a positive integer/);
    }
    for (const timeoutMs of [Number.NaN, Infinity, -1, '5' as never]) {
      await expect(observeSnapshots(() => 1, { timeoutMs })).rejects.toThrow(/timeoutMs must be a positive finite number/);
    }
    await expect(observeSnapshots(() => 1, { until: null as never })).rejects.toThrow(/until must be a promise; got null/);
  });
});

describe('assertSnapshots report', () => {
  it('lists the first 10 violations and counts the rest; the error carries the states and what was allowed', () => {
    const observed = Array.from({ length: 13 }, (_, i) => i + 1);
    let error: AssertionError | undefined;
    try {
      assertSnapshots(observed, [0]);
    } catch (caught) {
      error = caught as AssertionError;
    }
    const lines = error?.message.split('\n') ?? [];
    expect(lines[0]).toBe('13 of 13 snapshot(s) were not in the allowed set:');
    expect(lines.slice(1, 11)).toEqual(Array.from({ length: 10 }, (_, i) => `  #${i}: ${i + 1}`));
    expect(lines[11]).toBe('  … and 3 more');
    expect(lines).toHaveLength(12);
    expect(error?.actual).toEqual(observed);
    expect(error?.expected).toEqual([0]);
    let byPredicate: AssertionError | undefined;
    try {
      assertSnapshots([1], (n) => n === 0);
    } catch (caught) {
      byPredicate = caught as AssertionError;
    }
    expect(byPredicate?.expected).toBe('states accepted by the predicate');
  });

  it('shows nested states four levels deep, and exactly 10 violations without a remainder line', () => {
    const nested = { a: { b: { c: { d: 'deep' } } } };
    expect(() => assertSnapshots([nested], [])).toThrow(/#0: \{\s+a: \{ b: \{ c: \{ d: 'deep' \} \} \}\s+\}/);
    expect(() => assertSnapshots<unknown>([0], [0], { mustSee: [nested] })).toThrow(/never observed the required state \{\s+a: \{ b: \{ c: \{ d: 'deep' \} \} \}\s+\}/);
    let error: AssertionError | undefined;
    try {
      assertSnapshots(Array.from({ length: 10 }, (_, i) => i + 1), [0]);
    } catch (caught) {
      error = caught as AssertionError;
    }
    expect(error?.message.split('\n')).toHaveLength(11);
    expect(error?.operator).toBe('assertSnapshots');
  });

  it('takes yieldEvery: 1 (the default) as valid', async () => {
    expect(await observeSnapshots(() => 1, { samples: 2, yieldEvery: 1 })).toEqual([1, 1]);
  });
});
