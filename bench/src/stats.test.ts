import { describe, expect, it } from 'vitest';
import { median, roundRatios, spread } from './stats';

describe('median', () => {
  it('takes the middle value of an odd count, whatever the order', () => {
    expect(median([9, 1, 5])).toBe(5);
    expect(median([3])).toBe(3);
  });

  it('averages the two middle values of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });

  it('refuses an empty list', () => {
    expect(() => median([])).toThrow(RangeError);
  });
});

describe('spread', () => {
  it('gives median, min and max', () => {
    expect(spread([1.2, 0.9, 1.1, 3, 1])).toEqual({ median: 1.1, min: 0.9, max: 3 });
  });

  it('refuses values that are not finite numbers', () => {
    expect(() => spread([1, Number.NaN])).toThrow(/not a finite number/);
    expect(() => spread([1, Infinity])).toThrow(RangeError);
  });
});

describe('roundRatios', () => {
  it('divides round by round, not median by median', () => {
    // A slow second round slows both sides: the paired ratios stay at 2.
    expect(roundRatios([2, 20, 4], [1, 10, 2])).toEqual([2, 2, 2]);
  });

  it('refuses rounds that do not pair up or a baseline that is not positive', () => {
    expect(() => roundRatios([1, 2], [1])).toThrow(/2 rounds of ours but 1/);
    expect(() => roundRatios([1], [0])).toThrow(/not positive/);
  });
});
