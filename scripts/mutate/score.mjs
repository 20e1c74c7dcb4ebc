// @ts-check
// Mutation scores from Stryker's JSON report (mutation-testing-report-schema). A score counts
// only mutants a test could have caught: Ignored ones (`// Stryker disable` comments, i.e. the
// equivalent mutants), and ones that do not compile or crash the runner, are left out.
import { existsSync, readFileSync } from 'node:fs';

/**
 * @typedef {object} Tally
 * @property {number} killed
 * @property {number} timeout     killed by the hit limit or time limit: counts as detected
 * @property {number} survived
 * @property {number} noCoverage  no test reaches the mutant: counts as undetected
 * @property {number} ignored     excluded from the score
 * @property {number} errors      CompileError or RuntimeError: excluded from the score
 */

/** @typedef {Tally & { file: string }} FileTally */

/** @returns {Tally} */
export function emptyTally() {
  return { killed: 0, timeout: 0, survived: 0, noCoverage: 0, ignored: 0, errors: 0 };
}

/** @type {Record<string, keyof Tally>} */
const FIELD_OF_STATUS = {
  Killed: 'killed',
  Timeout: 'timeout',
  Survived: 'survived',
  NoCoverage: 'noCoverage',
  Ignored: 'ignored',
  CompileError: 'errors',
  RuntimeError: 'errors',
};

/**
 * Per-file tallies of a report, sorted by file; `undefined` when there is no report.
 * @param {string} reportPath path of Stryker's mutation.json
 * @returns {FileTally[] | undefined}
 */
export function readFileTallies(reportPath) {
  if (!existsSync(reportPath)) return undefined;
  /** @type {{ files: Record<string, { mutants: { status: string }[] }> }} */
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  return Object.entries(report.files)
    .map(([file, { mutants }]) => {
      const tally = emptyTally();
      for (const { status } of mutants) {
        const field = FIELD_OF_STATUS[status];
        if (field === undefined) throw new Error(`${reportPath}: unexpected mutant status "${status}" in ${file}`);
        tally[field] += 1;
      }
      return { file, ...tally };
    })
    .sort((a, b) => a.file.localeCompare(b.file));
}

/** @param {Tally[]} tallies */
export function sumTallies(tallies) {
  const total = emptyTally();
  for (const tally of tallies) {
    for (const key of /** @type {(keyof Tally)[]} */ (Object.keys(total))) total[key] += tally[key];
  }
  return total;
}

/**
 * Detected over detected + undetected, in percent; `undefined` when no mutant counts.
 * @param {Tally} tally
 */
export function mutationScore(tally) {
  const detected = tally.killed + tally.timeout;
  const counted = detected + tally.survived + tally.noCoverage;
  return counted === 0 ? undefined : (100 * detected) / counted;
}
