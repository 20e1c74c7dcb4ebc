// @ts-check
// Markdown tables of mutation scores: printed by `pnpm mutate`, written to
// reports/mutation/SUMMARY.md and, with --write-docs, into docs/testing.md.
import { mutationScore, sumTallies } from './score.mjs';

/**
 * @typedef {import('./score.mjs').FileTally} FileTally
 * @typedef {import('./packages.mjs').MutationPackage} MutationPackage
 * @typedef {{ mode: 'full' | 'incremental', durationMs: number, finishedAt: string }} RunRecord
 * @typedef {MutationPackage & { files: FileTally[] | undefined, run: RunRecord | undefined }} PackageResult
 */

/** @param {number | undefined} score */
export function formatScore(score) {
  return score === undefined ? 'n/a' : `${score.toFixed(1)} %`;
}

/**
 * Below threshold: a package without a report counts as below, one without countable mutants
 * (every mutant ignored) does not.
 * @param {PackageResult} result
 */
export function isBelowThreshold(result) {
  if (result.files === undefined) return true;
  const score = mutationScore(sumTallies(result.files));
  return score !== undefined && score < result.threshold;
}

/**
 * A markdown table whose columns are padded, so it reads in a terminal too.
 * @param {string[]} header
 * @param {string[][]} rows
 * @param {number} [leftColumns] how many leading columns are text (left-aligned)
 */
export function markdownTable(header, rows, leftColumns = 1) {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)));
  /** @param {string[]} row */
  const line = (row) =>
    `| ${row.map((cell, column) => (column < leftColumns ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join(' | ')} |`;
  const rule = `|${widths.map((width, column) => (column < leftColumns ? `:${'-'.repeat(width + 1)}` : `${'-'.repeat(width + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

const COUNT_HEADER = ['Score', 'Killed', 'Timeout', 'Survived', 'No coverage', 'Ignored', 'Errors'];

/** @param {import('./score.mjs').Tally} tally */
function countCells(tally) {
  return [
    formatScore(mutationScore(tally)),
    ...[tally.killed, tally.timeout, tally.survived, tally.noCoverage, tally.ignored, tally.errors].map(String),
  ];
}

/**
 * One row per package.
 * @param {PackageResult[]} results
 * @param {boolean} withRuns add the mode and duration of each package's last run
 */
export function packageTable(results, withRuns) {
  const header = ['Package', 'Threshold', 'Status', ...COUNT_HEADER, ...(withRuns ? ['Last run'] : [])];
  const rows = results.map((result) => {
    const tally = result.files === undefined ? undefined : sumTallies(result.files);
    const status = tally === undefined ? 'no report' : isBelowThreshold(result) ? 'BELOW' : 'ok';
    const counts = tally === undefined ? COUNT_HEADER.map(() => '') : countCells(tally);
    const run = result.run === undefined ? '' : `${result.run.mode}, ${(result.run.durationMs / 1000).toFixed(0)} s`;
    return [result.name, `${result.threshold} %`, status, ...counts, ...(withRuns ? [run] : [])];
  });
  return markdownTable(header, rows, 3);
}

/**
 * One table per package, one row per mutated file (path relative to the package).
 * @param {PackageResult[]} results
 */
export function fileTables(results) {
  return results
    .filter((result) => result.files !== undefined)
    .map((result) => {
      const prefix = `packages/${result.dir}/`;
      const rows = (result.files ?? []).map((tally) => [
        tally.file.startsWith(prefix) ? tally.file.slice(prefix.length) : tally.file,
        ...countCells(tally),
      ]);
      return `### ${result.name}\n\n${markdownTable(['File', ...COUNT_HEADER], rows)}`;
    })
    .join('\n\n');
}

/**
 * The whole of reports/mutation/SUMMARY.md.
 * @param {PackageResult[]} results
 */
export function summaryMarkdown(results) {
  return [
    '# Mutation testing summary',
    '',
    'Written by `pnpm mutate` (scripts/mutate.mjs). Score = (killed + timeout) / (killed + timeout +',
    'survived + no coverage); ignored mutants (`// Stryker disable`) and compile or runtime errors',
    'are left out. Thresholds: mutation.config.mjs. Details: `reports/mutation/<package>/index.html`.',
    '',
    packageTable(results, true),
    '',
    '## Per file',
    '',
    fileTables(results),
    '',
  ].join('\n');
}
