import { describe, expect, it } from 'vitest';
import { sampleResult } from './fixtures.test-support';
import { summarize } from './run-scenario';

describe('summarize', () => {
  const result = sampleResult();
  const [get, slow, info] = result.comparisons;

  it('spreads each subject over its rounds', () => {
    expect(result.subjects.map((s) => s.nsPerOp)).toEqual([
      { median: 10, min: 10, max: 20 },
      { median: 13, min: 11, max: 30 },
    ]);
  });

  it('pairs ratios by round and checks the median against the goal', () => {
    expect(get?.rounds).toEqual([1.2, 1.3, 1.1, 3, 1.1]);
    expect(get?.ratio).toEqual({ median: 1.2, min: 1.1, max: 3 });
    expect(get?.outcome).toBe('pass');
    expect(get?.ours).toEqual({ label: 'registry.get', nsPerOp: 13 });
    expect(get?.baseline).toEqual({ label: 'Map.get', nsPerOp: 10, reference: false });
  });

  it('divides by a fixed reference and fails a goal the median misses', () => {
    expect(slow?.baseline).toEqual({ label: 'Python', nsPerOp: 2, reference: true });
    expect(slow?.ratio.median).toBe(6.5);
    expect(slow?.outcome).toBe('fail');
  });

  it('leaves a comparison without a goal without an outcome', () => {
    expect(info?.outcome).toBeUndefined();
  });

  it('names a comparison whose subject does not exist', () => {
    expect(() =>
      summarize(
        { id: 's', title: 's', subjects: [], comparisons: [{ id: 'c', label: 'c', ours: 'missing', baseline: 'x' }] },
        new Map(),
      ),
    ).toThrow(/s\/c: no subject missing/);
  });
});
