import { formatRatio } from './format';
import { allComparisons, type BenchReport, type ComparisonResult } from './report';

const WIDTH = 1000;
const LABEL_WIDTH = 390;
const VALUE_WIDTH = 175;
const PLOT_LEFT = LABEL_WIDTH;
const PLOT_WIDTH = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
const ROW = 22;
const TOP = 70;
const BOTTOM = 40;
const COLORS = { pass: '#2e7d32', fail: '#c62828', none: '#78909c' } as const;

/** Escapes text for XML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

/** The powers of ten that enclose every value (and 1), as exponents `[low, high]`. */
export function logDomain(values: readonly number[]): [number, number] {
  const positive = values.filter((v) => v > 0 && Number.isFinite(v));
  const low = Math.floor(Math.log10(Math.min(1, ...positive)));
  const high = Math.ceil(Math.log10(Math.max(1, ...positive)));
  return [low, high === low ? low + 1 : high];
}

const round1 = (value: number): string => value.toFixed(1);

/**
 * A horizontal bar chart of the median ratios on a log scale. Each bar grows from 1× (parity
 * with the baseline): to the left is faster than the baseline, to the right slower. A thin
 * line spans min to max over the rounds; a black tick marks the goal. Green meets its goal,
 * red misses it, grey has none.
 */
export function renderSvg(report: Pick<BenchReport, 'scenarios'>, title = 'Ratios to baseline (median of interleaved rounds; lower is better)'): string {
  const comparisons = allComparisons(report);
  const [low, high] = logDomain(
    comparisons.flatMap((c) => [c.ratio.min, c.ratio.max, c.ratio.median, ...(c.goal === undefined ? [] : [c.goal.max])]),
  );
  const x = (ratio: number): number => {
    const clamped = Math.min(Math.max(ratio, 10 ** low), 10 ** high);
    return PLOT_LEFT + ((Math.log10(clamped) - low) / (high - low)) * PLOT_WIDTH;
  };
  const height = TOP + comparisons.length * ROW + BOTTOM;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="12" y="22" font-size="15" font-weight="600">${escapeXml(title)}</text>`,
    legend(),
  ];
  for (let exponent = low; exponent <= high; exponent++) {
    const gx = round1(x(10 ** exponent));
    const strong = exponent === 0;
    parts.push(
      `<line x1="${gx}" y1="${TOP - 6}" x2="${gx}" y2="${height - BOTTOM + 4}" stroke="${strong ? '#455a64' : '#cfd8dc'}" stroke-width="${strong ? 1.5 : 1}"/>`,
      `<text x="${gx}" y="${height - BOTTOM + 18}" text-anchor="middle" fill="#455a64">${escapeXml(formatRatio(10 ** exponent))}</text>`,
    );
  }
  comparisons.forEach((comparison, index) => {
    parts.push(row(comparison, TOP + index * ROW, x));
  });
  parts.push('</svg>', '');
  return parts.join('\n');
}

function legend(): string {
  const items: [string, string][] = [
    [COLORS.pass, 'meets its goal'],
    [COLORS.fail, 'misses its goal'],
    [COLORS.none, 'no goal'],
  ];
  const out = items.map(
    ([color, text], i) =>
      `<rect x="${12 + i * 140}" y="36" width="12" height="12" fill="${color}"/><text x="${30 + i * 140}" y="46">${text}</text>`,
  );
  out.push(
    `<line x1="440" y1="34" x2="440" y2="50" stroke="#000" stroke-width="2"/><text x="448" y="46">goal</text>`,
    `<line x1="500" y1="42" x2="530" y2="42" stroke="#263238" stroke-width="1"/><text x="536" y="46">min–max over rounds</text>`,
  );
  return out.join('\n');
}

function row(c: ComparisonResult, top: number, x: (ratio: number) => number): string {
  const mid = top + ROW / 2;
  const color = c.outcome === 'pass' ? COLORS.pass : c.outcome === 'fail' ? COLORS.fail : COLORS.none;
  const one = x(1);
  const end = x(c.ratio.median);
  const out = [
    `<text x="${LABEL_WIDTH - 8}" y="${mid + 4}" text-anchor="end">${escapeXml(c.label)}</text>`,
    `<rect x="${round1(Math.min(one, end))}" y="${top + 4}" width="${round1(Math.max(Math.abs(end - one), 1))}" height="${ROW - 8}" fill="${color}" opacity="0.85"/>`,
    `<line x1="${round1(x(c.ratio.min))}" y1="${mid}" x2="${round1(x(c.ratio.max))}" y2="${mid}" stroke="#263238" stroke-width="1"/>`,
  ];
  if (c.goal !== undefined) {
    const gx = round1(x(c.goal.max));
    out.push(`<line x1="${gx}" y1="${top + 1}" x2="${gx}" y2="${top + ROW - 1}" stroke="#000" stroke-width="2"/>`);
  }
  const value = `${formatRatio(c.ratio.median)}${c.goal === undefined ? '' : ` (goal ≤ ${formatRatio(c.goal.max)})`}`;
  out.push(`<text x="${WIDTH - VALUE_WIDTH + 8}" y="${mid + 4}" fill="${color}">${escapeXml(value)}</text>`);
  return out.join('\n');
}
