import { formatNs, formatRatio } from './format';
import { allComparisons, type BenchReport } from './report';

/** A plain-text table for the terminal, columns padded to their widest cell. */
export function renderText(report: Pick<BenchReport, 'scenarios'>): string {
  const header = ['comparison', 'ours', 'baseline', 'median', 'min', 'max', 'goal', 'pass'];
  const rows = allComparisons(report).map((c) => [
    c.label,
    formatNs(c.ours.nsPerOp),
    `${formatNs(c.baseline.nsPerOp)}${c.baseline.reference ? ' (ref)' : ''}`,
    formatRatio(c.ratio.median),
    formatRatio(c.ratio.min),
    formatRatio(c.ratio.max),
    c.goal === undefined ? '' : `≤ ${formatRatio(c.goal.max)}`,
    c.outcome ?? '',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
