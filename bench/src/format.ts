/** A duration in nanoseconds with a unit that keeps 3 significant digits: `4.21 ns`, `1.35 µs`. */
export function formatNs(ns: number): string {
  if (!Number.isFinite(ns)) return String(ns);
  if (ns < 1_000) return `${significant(ns)} ns`;
  if (ns < 1_000_000) return `${significant(ns / 1_000)} µs`;
  return `${significant(ns / 1_000_000)} ms`;
}

/** A ratio with 3 significant digits and a `×`: `1.27×`, `0.0043×`. */
export function formatRatio(ratio: number): string {
  return `${significant(ratio)}×`;
}

function significant(value: number): string {
  if (value === 0) return '0';
  if (value >= 100) return value.toFixed(0);
  return String(Number(value.toPrecision(3)));
}
