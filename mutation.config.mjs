// @ts-check
// The mutation-score policy of `pnpm mutate --check` (scripts/mutate.mjs), in one place.
// Scores count only non-equivalent mutants: killed + timed out over killed + timed out +
// survived + without coverage. Mutants marked `// Stryker disable ...` (status "Ignored") and
// mutants that do not compile or crash the runner are left out. See docs/testing.md.

/**
 * Minimum mutation score in percent, by package name; `default` applies to every published
 * package not listed (a new package under packages/ gets it without an edit here).
 */
export const thresholds = {
  default: 85,
  '@soni/core': 95,
  '@soni/locking': 95,
  '@soni/logging': 85,
  '@soni/testing': 85,
};

/**
 * Whether `pnpm mutate --check` fails (exit 1) when a package is below its threshold. While
 * false it prints the packages and files below threshold and exits 0 (issue 17: the missing
 * tests are not written yet). Set it to true to make CI enforce the thresholds.
 */
export const enforceThresholds = false;
