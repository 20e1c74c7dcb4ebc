// Sums the test reports that `pnpm test` leaves behind (each package's vitest JSON report,
// the doc-block check's, and the downstream example's node:test counts) and prints one plain
// line, `N passed, N failed`, for CI. `pnpm test` ends with it (scripts/run-tests.mjs); CI
// prints it again after `pnpm start` to add the downstream example's counts.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '..');

/** Every report file there is now: `<workspace package>/test-results.json` and the doc blocks'. */
export function reportFiles() {
  const files = [];
  for (const group of ['packages', 'examples']) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const folder of readdirSync(dir)) files.push(join(dir, folder, 'test-results.json'));
  }
  files.push(join(root, 'bench', 'test-results.json'), join(root, '.tmp', 'doc-blocks', 'test-results.json'));
  return files.filter((file) => existsSync(file));
}

/** Forgets the reports of an earlier run, so a step that did not run this time counts nothing. */
export function removeReports() {
  for (const file of reportFiles()) rmSync(file);
}

/** `{ passed, failed, reports }` summed over every report. */
export function summarize() {
  let passed = 0;
  let failed = 0;
  const files = reportFiles();
  for (const file of files) {
    const report = JSON.parse(readFileSync(file, 'utf8'));
    passed += report.numPassedTests ?? 0;
    const failedTests = report.numFailedTests ?? 0;
    // A suite that failed to load has no failed test of its own: count it once.
    failed += failedTests > 0 ? failedTests : (report.numFailedTestSuites ?? 0);
  }
  return { passed, failed: files.length === 0 ? Math.max(failed, 1) : failed, reports: files.length };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { passed, failed } = summarize();
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}
