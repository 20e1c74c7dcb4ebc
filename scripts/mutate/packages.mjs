// @ts-check
// The packages `pnpm mutate` runs over: every published (not private) package under packages/.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { thresholds } from '../../mutation.config.mjs';

/**
 * @typedef {object} MutationPackage
 * @property {string} dir folder under packages/, e.g. `core`
 * @property {string} name npm name, e.g. `@soni/core`
 * @property {number} threshold minimum mutation score in percent
 */

/**
 * @param {string} root repository root
 * @returns {MutationPackage[]} sorted by folder
 */
export function publishedPackages(root) {
  const packagesDir = join(root, 'packages');
  return readdirSync(packagesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(packagesDir, entry.name, 'package.json')))
    .map((entry) => ({ dir: entry.name, manifest: JSON.parse(readFileSync(join(packagesDir, entry.name, 'package.json'), 'utf8')) }))
    .filter(({ manifest }) => manifest.private !== true)
    .map(({ dir, manifest }) => ({ dir, name: manifest.name, threshold: thresholdOf(manifest.name) }))
    .sort((a, b) => a.dir.localeCompare(b.dir));
}

/**
 * The minimum score of a package, in percent.
 * @param {string} name npm name
 */
export function thresholdOf(name) {
  /** @type {Record<string, number>} */
  const table = thresholds;
  return table[name] ?? thresholds.default;
}

/**
 * The packages named on the command line (folder or npm name), or all when none is named.
 * @param {MutationPackage[]} all
 * @param {string[]} wanted
 */
export function selectPackages(all, wanted) {
  if (wanted.length === 0) return all;
  return wanted.map((want) => {
    const found = all.find((pkg) => pkg.dir === want || pkg.name === want);
    if (found === undefined) {
      throw new Error(`unknown package "${want}" (published packages: ${all.map((pkg) => pkg.dir).join(', ')})`);
    }
    return found;
  });
}
