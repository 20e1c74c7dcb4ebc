// Sums the vitest JSON reports that `pnpm test` leaves in each workspace package and prints
// one plain line, `N passed, N failed`, for CI.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
let passed = 0;
let failed = 0;
let reports = 0;
for (const group of ['packages', 'examples', 'bench']) {
  const dir = join(root, group);
  if (!existsSync(dir)) continue;
  const folders = group === 'bench' ? [''] : readdirSync(dir);
  for (const folder of folders) {
    const file = join(dir, folder, 'test-results.json');
    if (!existsSync(file)) continue;
    const report = JSON.parse(readFileSync(file, 'utf8'));
    passed += report.numPassedTests ?? 0;
    const failedTests = report.numFailedTests ?? 0;
    // A suite that failed to load has no failed test of its own: count it once.
    failed += failedTests > 0 ? failedTests : (report.numFailedTestSuites ?? 0);
    reports++;
  }
}
if (reports === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
