// @ts-check
// StrykerJS configuration for ONE published package, named by SONI_MUTATE_PACKAGE (its folder
// under packages/); SONI_MUTATE_SCRATCH=1 sends the reports of a `--mutate` subset elsewhere.
// `pnpm mutate` (scripts/mutate.mjs) sets both and runs Stryker once per package; by hand:
// `SONI_MUTATE_PACKAGE=logging pnpm exec stryker run`.
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { thresholdOf } from './scripts/mutate/packages.mjs';
import { mutationPaths } from './scripts/mutate/paths.mjs';

const name = process.env.SONI_MUTATE_PACKAGE;
if (name === undefined || !existsSync(`packages/${name}/package.json`)) {
  throw new Error(`SONI_MUTATE_PACKAGE must name a folder under packages/ (got ${JSON.stringify(name)})`);
}
const scratch = process.env.SONI_MUTATE_SCRATCH === '1';
const paths = mutationPaths(name, scratch);
const threshold = thresholdOf(JSON.parse(readFileSync(`packages/${name}/package.json`, 'utf8')).name);
// With a checker, Stryker gives half of `concurrency` to checkers and half to test runners, so
// double it: one test runner per core (Stryker's own rule: one fewer above 4 cores), at most 4.
// The checkers are busy only until the mutants are checked; after that the runners have the CPU.
const cores = availableParallelism();
const testRunners = Math.min(4, cores > 4 ? cores - 1 : cores);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'pnpm',
  testRunner: 'vitest',
  // The package's own vitest project config; `dir` roots its `include` globs at the package
  // (Stryker starts vitest in the sandbox root, the repository's copy).
  vitest: { configFile: paths.vitestConfig, dir: `packages/${name}` },
  coverageAnalysis: 'perTest',
  // Mutants that do not compile are reported as CompileError, never run, and left out of the
  // score. Only the package's sources are type-checked (its build tsconfig): the smaller
  // program is quicker, and a mutant that breaks only a test's types is still run.
  checkers: ['typescript'],
  tsconfigFile: `packages/${name}/tsconfig.build.json`,
  concurrency: 2 * testRunners,
  plugins: ['@stryker-mutator/vitest-runner', '@stryker-mutator/typescript-checker'],
  mutate: [
    `packages/${name}/src/**/*.ts`,
    '!**/*.test.ts',
    '!**/*.test-d.ts',
    '!**/*.fixture.ts',
    '!**/*.d.ts',
  ],
  // The sandbox is a copy of the repository (sources of every package, since tests import the
  // other packages' sources through the aliases of vitest.shared.ts) without what no test reads.
  inPlace: false,
  tempDirName: '.stryker-tmp',
  ignorePatterns: [
    '/.changeset',
    '/.ci',
    '/bench',
    '/docs',
    '/examples',
    '/mutation',
    '/reports',
    '/scripts',
    '.turbo',
    'coverage',
    '*.tgz',
    'test-results.json',
  ],
  incremental: !scratch,
  incrementalFile: paths.incrementalFile,
  reporters: ['progress', 'html', 'json'],
  htmlReporter: { fileName: paths.htmlReport },
  jsonReporter: { fileName: paths.jsonReport },
  // Only the colours of Stryker's reports: `pnpm mutate --check` applies the thresholds of
  // mutation.config.mjs, so Stryker itself never fails on a score.
  thresholds: { high: threshold, low: threshold - 10, break: null },
  cleanTempDir: true,
  // @soni/testing's conformance suites register their tests while the test files load, so a
  // large share of its mutants are static: each would run the package's whole suite (most of
  // its mutation time, which CI's time limit cannot afford on a full run). Those are counted as
  // ignored there (docs/testing.md says what that leaves untested); every other package tests
  // its static mutants.
  ignoreStatic: name === 'testing',
};
