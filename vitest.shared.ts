import { fileURLToPath } from 'node:url';
import type { ViteUserConfig } from 'vitest/config';

// Paths are taken from this file's own location, never through node_modules: Stryker runs the
// tests in a copy of the repository (.stryker-tmp/sandbox-*), whose node_modules are symlinks
// to the original ones, so only a path relative to this file reaches the copy's mutated sources.
const fromRoot = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

// Stryker's test-runner processes carry STRYKER_MUTATOR_WORKER. There, tsc over the type tests
// would run again for every mutant without ever killing one, and the JSON report is not read.
const inMutationRun = process.env.STRYKER_MUTATOR_WORKER !== undefined;

/**
 * Source aliases so tests run against `src/` without a prior build; the order matters
 * (subpaths before their package).
 */
export const sourceAliases: { find: string | RegExp; replacement: string }[] = [
  { find: /^@soni\/testing\/vitest$/, replacement: fromRoot('./packages/testing/src/vitest-entry.ts') },
  { find: /^@soni\/core$/, replacement: fromRoot('./packages/core/src/index.ts') },
  { find: /^@soni\/locking$/, replacement: fromRoot('./packages/locking/src/index.ts') },
  { find: /^@soni\/logging$/, replacement: fromRoot('./packages/logging/src/index.ts') },
  { find: /^@soni\/testing$/, replacement: fromRoot('./packages/testing/src/index.ts') },
];

/** The project config every package's `vitest.config.ts` builds on. */
export function projectConfig(name: string): ViteUserConfig {
  return {
    resolve: { alias: sourceAliases },
    test: {
      name,
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      typecheck: { enabled: !inMutationRun, include: ['src/**/*.test-d.ts', 'test/**/*.test-d.ts'] },
      reporters: inMutationRun ? ['default'] : ['default', 'json'],
      outputFile: { json: './test-results.json' },
      testTimeout: 20_000,
    },
  };
}
