// @ts-check
// Where a package's mutation run reads its config and writes its reports. Shared by
// stryker.config.mjs (which tells Stryker) and scripts/mutate.mjs (which reads the results).
import { existsSync } from 'node:fs';

/** Folder of all mutation reports, relative to the repository root (git-ignored). */
export const REPORTS_DIR = 'reports/mutation';

/**
 * Folder of the incremental files, one per package, relative to the repository root. They are
 * committed: a fresh clone (CI) then tests again only the mutants whose code or tests changed
 * since the last `pnpm mutate` that someone committed, instead of every mutant.
 */
export const INCREMENTAL_DIR = 'mutation';

/**
 * @param {string} name folder of the package under packages/
 * @param {boolean} [scratch] a run restricted by `--mutate`: its reports go to a folder of their
 *   own so they never replace the package's full report or its incremental file
 */
export function mutationPaths(name, scratch = false) {
  const dir = scratch ? `${REPORTS_DIR}/scratch/${name}` : `${REPORTS_DIR}/${name}`;
  const vitestConfig = ['vitest.config.ts', 'vitest.config.mts']
    .map((file) => `packages/${name}/${file}`)
    .find((file) => existsSync(file));
  return {
    dir,
    vitestConfig,
    jsonReport: `${dir}/mutation.json`,
    htmlReport: `${dir}/index.html`,
    incrementalFile: `${INCREMENTAL_DIR}/${name}.incremental.json`,
    /** Digest of what the incremental file cannot see (scripts/mutate/fingerprint.mjs). */
    fingerprintFile: `${INCREMENTAL_DIR}/${name}.inputs.sha256`,
  };
}
