// @ts-check
// Unit tests of the scoring and reporting behind `pnpm mutate` (run by `pnpm test:scripts`).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { thresholds } from '../../mutation.config.mjs';
import { writeDocsSection } from './docs-section.mjs';
import { publishedPackages } from './packages.mjs';
import { mutationScore, readFileTallies, sumTallies } from './score.mjs';
import { isBelowThreshold } from './summary.mjs';

/** @param {Record<string, string[]>} statusesByFile */
function writeReport(statusesByFile) {
  const dir = mkdtempSync(join(tmpdir(), 'mutate-test-'));
  const files = Object.fromEntries(
    Object.entries(statusesByFile).map(([file, statuses]) => [file, { mutants: statuses.map((status) => ({ status })) }]),
  );
  const path = join(dir, 'mutation.json');
  writeFileSync(path, JSON.stringify({ files }));
  return path;
}

describe('mutation score', () => {
  it('counts killed and timed-out mutants as detected and leaves ignored and erroneous ones out', () => {
    const report = writeReport({
      'packages/x/src/a.ts': ['Killed', 'Killed', 'Timeout', 'Survived', 'NoCoverage', 'Ignored', 'Ignored', 'Ignored', 'CompileError', 'RuntimeError'],
    });
    const [tally] = readFileTallies(report) ?? [];
    assert.deepEqual(tally, { file: 'packages/x/src/a.ts', killed: 2, timeout: 1, survived: 1, noCoverage: 1, ignored: 3, errors: 2 });
    assert.equal(mutationScore(tally ?? sumTallies([])), 60);
  });

  it('sums the files of a package before dividing', () => {
    const tallies = readFileTallies(writeReport({ 'b.ts': ['Killed'], 'a.ts': ['Survived', 'Survived', 'Killed'] })) ?? [];
    assert.deepEqual(tallies.map((tally) => tally.file), ['a.ts', 'b.ts']);
    assert.equal(mutationScore(sumTallies(tallies)), 50);
  });

  it('has no score when every mutant is ignored, and such a package is not below its threshold', () => {
    const files = readFileTallies(writeReport({ 'a.ts': ['Ignored', 'CompileError'] }));
    assert.equal(mutationScore(sumTallies(files ?? [])), undefined);
    assert.equal(isBelowThreshold({ dir: 'x', name: '@soni/x', threshold: 85, files, run: undefined }), false);
  });

  it('puts a package below its threshold by score, and when it has no report at all', () => {
    const files = readFileTallies(writeReport({ 'a.ts': ['Killed', 'Killed', 'Killed', 'Killed', 'Survived'] }));
    const pkg = { dir: 'x', name: '@soni/x', run: undefined };
    assert.equal(isBelowThreshold({ ...pkg, threshold: 85, files }), true);
    assert.equal(isBelowThreshold({ ...pkg, threshold: 80, files }), false);
    assert.equal(isBelowThreshold({ ...pkg, threshold: 0, files: undefined }), true);
  });

  it('rejects a status it does not know instead of miscounting it', () => {
    assert.throws(() => readFileTallies(writeReport({ 'a.ts': ['Pending'] })), /unexpected mutant status "Pending"/);
  });
});

describe('published packages', () => {
  it('takes every package under packages/ that is not private, with the default threshold when unlisted', () => {
    const root = mkdtempSync(join(tmpdir(), 'mutate-root-'));
    /** @param {string} dir @param {object} manifest */
    const addPackage = (dir, manifest) => {
      mkdirSync(join(root, 'packages', dir), { recursive: true });
      writeFileSync(join(root, 'packages', dir, 'package.json'), JSON.stringify(manifest));
    };
    addPackage('locking-redis', { name: '@soni/locking-redis' });
    addPackage('core', { name: '@soni/core' });
    addPackage('internal', { name: '@soni/internal', private: true });
    mkdirSync(join(root, 'packages', 'not-a-package'));
    assert.deepEqual(publishedPackages(root), [
      { dir: 'core', name: '@soni/core', threshold: thresholds['@soni/core'] },
      { dir: 'locking-redis', name: '@soni/locking-redis', threshold: thresholds.default },
    ]);
  });
});

describe('docs section', () => {
  it('replaces only what lies between the markers', () => {
    const doc = join(mkdtempSync(join(tmpdir(), 'mutate-docs-')), 'testing.md');
    writeFileSync(doc, 'before\n<!-- mutation-scores:start -->\nold table\n<!-- mutation-scores:end -->\nafter\n');
    const files = readFileTallies(writeReport({ 'packages/x/src/a.ts': ['Killed', 'Survived'] }));
    writeDocsSection(doc, [{ dir: 'x', name: '@soni/x', threshold: 85, files, run: undefined }]);
    const page = readFileSync(doc, 'utf8');
    assert.match(page, /^before\n<!-- mutation-scores:start -->\n/);
    assert.match(page, /\n<!-- mutation-scores:end -->\nafter\n$/);
    assert.doesNotMatch(page, /old table/);
    assert.match(page, /\| @soni\/x +\| 85 % +\| BELOW +\| +50\.0 % \|/);
    assert.match(page, /\| src\/a\.ts \| 50\.0 % \|/);
  });
});

describe('command line', () => {
  it('reads --time-budget as minutes and rejects anything but a positive number', async () => {
    const { parseMutateArgs } = await import('./args.mjs');
    assert.equal(parseMutateArgs(['--time-budget', '1.5']).timeBudgetMs, 90_000);
    assert.equal(parseMutateArgs([]).timeBudgetMs, undefined);
    for (const bad of ['0', '-3', 'soon', '']) {
      assert.throws(() => parseMutateArgs([`--time-budget=${bad}`]), /--time-budget takes a positive number of minutes/);
    }
  });
});
