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

/** A module specifier of a workspace package in an import, export, require or vi.mock (not in prose). */
const WORKSPACE_IMPORT = /(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+|\brequire\s*\(\s*|\bvi\.(?:do)?[mM]ock\s*\(\s*)['"]@soni\/([a-z0-9-]+)/;
/** A line of a comment (TSDoc examples name packages without importing them). */
const COMMENT_LINE = /^\s*(?:\*|\/\/|\/\*)/;

/**
 * The workspace packages (folders) that the sources or tests of package `name` name in an
 * import (`'@soni/x'`, `'@soni/x/sub'`), and the ones those name, transitively; not `name`.
 * @param {string[]} files every candidate file, relative to the root
 * @param {string} root @param {string} name
 */
function workspaceDependencies(files, root, name) {
  /** @type {Map<string, string>} npm name (without scope) to folder */
  const folders = new Map();
  for (const file of files) {
    const match = /^packages\/([^/]+)\/package\.json$/.exec(file);
    if (match === null) continue;
    const manifest = JSON.parse(readFileSync(join(root, file), 'utf8'));
    if (typeof manifest.name === 'string' && manifest.name.startsWith('@soni/')) folders.set(manifest.name.slice('@soni/'.length), match[1] ?? '');
  }
  const found = new Set([name]);
  const pending = [name];
  while (pending.length > 0) {
    const folder = pending.pop();
    for (const file of files) {
      if (!file.startsWith(`packages/${folder}/src/`) || !/\.[cm]?[jt]s$/.test(file)) continue;
      for (const line of readFileSync(join(root, file), 'utf8').split('\n')) {
        if (COMMENT_LINE.test(line)) continue;
        const imported = WORKSPACE_IMPORT.exec(line)?.[1];
        const dependency = folders.get(imported ?? '');
        if (dependency !== undefined && !found.has(dependency)) {
          found.add(dependency);
          pending.push(dependency);
        }
      }
    }
  }
  found.delete(name);
  return found;
}

/**
 * The files whose change Stryker cannot see, for package `name`: its own non-source files
 * (fixtures, configs, manifest), the sources (not the tests) of every workspace package its
 * code or tests import, directly or through another one, and the shared root configs.
 * @param {string} root repository root
 * @param {string} name folder under packages/
 * @returns {string[]} paths relative to `root`, `/`-separated, sorted
 */
export function untrackedInputs(root, name) {
  const candidates = packageFiles(root).filter((file) => SOURCE_FILE.test(file));
  const dependencies = workspaceDependencies(candidates, root, name);
  const files = candidates.filter((file) => {
    if (file.startsWith(`packages/${name}/`)) return !trackedByStryker(name, file);
    const folder = file.split('/')[1] ?? '';
    return dependencies.has(folder) && !TEST_FILE.test(file);
  });
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
