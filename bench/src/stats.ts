/** The spread of a figure over the rounds of one run. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

/** The median of `values` (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median() of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? NaN) + upper) / 2;
}

/** Median, min and max of `values`; throws on an empty list or a value that is not finite. */
export function spread(values: readonly number[]): Spread {
  if (values.length === 0) throw new RangeError('spread() of no values');
  for (const value of values) {
    if (!Number.isFinite(value)) throw new RangeError(`spread(): not a finite number: ${String(value)}`);
  }
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

/**
 * The ratio of each round: `ours[i] / baseline[i]`, both measured in the same round. Pairing
 * by round (instead of dividing two medians) keeps a slow moment of the machine, which slows
 * both sides of a round, out of the ratio.
 */
export function roundRatios(ours: readonly number[], baseline: readonly number[]): number[] {
  if (ours.length !== baseline.length) {
    throw new RangeError(`roundRatios(): ${ours.length} rounds of ours but ${baseline.length} of the baseline`);
  }
  return ours.map((value, i) => {
    const base = baseline[i] ?? NaN;
    if (!(base > 0)) throw new RangeError(`roundRatios(): baseline of round ${i + 1} is not positive: ${base}`);
    return value / base;
  });
}
