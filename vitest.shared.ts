import { fileURLToPath } from 'node:url';
import type { ViteUserConfig } from 'vitest/config';

const fromRoot = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/**
 * Source aliases so tests run against `src/` without a prior build; the order matters
 * (subpaths before their package).
 */
export const sourceAliases: { find: string | RegExp; replacement: string }[] = [
  { find: /^@soni\/testing\/vitest$/, replacement: fromRoot('./packages/testing/src/vitest-entry.ts') },
  { find: /^@soni\/core$/, replacement: fromRoot('./packages/core/src/index.ts') },
  { find: /^@soni\/locking$/, replacement: fromRoot('./packages/locking/src/index.ts') },
  { find: /^@soni\/locking-redis$/, replacement: fromRoot('./packages/locking-redis/src/index.ts') },
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
      typecheck: { enabled: true, include: ['src/**/*.test-d.ts', 'test/**/*.test-d.ts'] },
      reporters: ['default', 'json'],
      outputFile: { json: './test-results.json' },
      testTimeout: 20_000,
    },
  };
}
