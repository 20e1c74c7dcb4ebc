// @ts-check
// What Stryker's incremental mode cannot see. Stryker compares only the mutated files and the
// test files with its incremental file; a change anywhere else that the tests depend on (another
// package's sources under the vitest aliases, a fixture, a vitest or Stryker config, the
// lockfile) would let it reuse a result that no longer holds. `pnpm mutate` keeps a digest of
// all of that next to each committed incremental file, and runs a package in full when the
// digest differs.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Files at the repository root that every package's tests depend on. */
const ROOT_FILES = ['vitest.shared.ts', 'vitest.config.ts', 'stryker.config.mjs', 'tsconfig.base.json', 'pnpm-lock.yaml'];

/** Folders never read (outside a git checkout). */
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.turbo', 'coverage']);

const SOURCE_FILE = /\.(?:[cm]?ts|[cm]?js|json)$/;
const TEST_FILE = /\.test(?:-d)?\.[cm]?ts$/;

/**
 * The files below `packages/` that git does not ignore (tracked or new), so that what a run
 * leaves behind (`test-results.json`, build output) never changes the digest: a fresh clone and
 * a working copy after `pnpm test` must agree. Outside a git checkout, every file.
 * @param {string} root @returns {string[]} paths relative to `root`, `/`-separated
 */
function packageFiles(root) {
  try {
    const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z', '--', 'packages'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 64 * 1024 * 1024,
    });
    return listed.split('\0').filter((file) => file !== '' && existsSync(join(root, file)));
  } catch {
    return walk(join(root, 'packages')).map((file) => relative(root, file).split(sep).join('/'));
  }
}

/** @param {string} dir @returns {string[]} every file below `dir`, recursively */
function walk(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : walk(join(dir, entry.name));
    return entry.isFile() ? [join(dir, entry.name)] : [];
  });
}

/**
 * Whether Stryker itself tracks `file` (relative to the root, `/`-separated) for package `name`:
 * the files it mutates (its `src/**` sources) and its test files. Mirrors `mutate` in
 * stryker.config.mjs.
 * @param {string} name @param {string} file
 */
function trackedByStryker(name, file) {
  if (!file.startsWith(`packages/${name}/src/`)) return false;
  return TEST_FILE.test(file) || !(file.endsWith('.fixture.ts') || file.endsWith('.d.ts'));
}

/**
 * The files whose change Stryker cannot see, for package `name`: its own non-source files
 * (fixtures, configs, manifest), the sources of every other package (not their tests, which
 * this package's tests never run) and the shared root configs.
 * @param {string} root repository root
 * @param {string} name folder under packages/
 * @returns {string[]} paths relative to `root`, `/`-separated, sorted
 */
export function untrackedInputs(root, name) {
  const files = packageFiles(root)
    .filter((file) => SOURCE_FILE.test(file))
    .filter((file) => (file.startsWith(`packages/${name}/`) ? !trackedByStryker(name, file) : !TEST_FILE.test(file)));
  const rootFiles = ROOT_FILES.filter((file) => existsSync(join(root, file)));
  return [...files, ...rootFiles].sort();
}

/**
 * A digest of the names and contents of {@link untrackedInputs}.
 * @param {string} root @param {string} name
 */
export function untrackedFingerprint(root, name) {
  const hash = createHash('sha256');
  for (const file of untrackedInputs(root, name)) {
    hash.update(file).update('\0').update(readFileSync(join(root, file))).update('\0');
  }
  return hash.digest('hex');
}
