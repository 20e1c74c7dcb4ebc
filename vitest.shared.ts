import { readFileSync } from 'node:fs';
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
 * Source aliases so tests run against `src/` without a prior build, read from the `paths`
 * of `tsconfig.base.json` so the type checker and vitest resolve `@soni/*` the same way
 * (one list, kept there). Each alias matches its specifier exactly; subpaths still come
 * before their package (longest first), so a prefix match could never shadow one.
 */
export const sourceAliases: { find: RegExp; replacement: string }[] = readSourcePaths();

function readSourcePaths(): { find: RegExp; replacement: string }[] {
  const file = fromRoot('./tsconfig.base.json');
  const config = JSON.parse(readFileSync(file, 'utf8')) as { compilerOptions?: { paths?: Record<string, unknown> } };
  const paths = Object.entries(config.compilerOptions?.paths ?? {});
  if (paths.length === 0) throw new Error(`${file}: compilerOptions.paths is empty; the vitest source aliases come from it`);
  return paths
    .sort(([a], [b]) => b.length - a.length || a.localeCompare(b))
    .map(([specifier, targets]) => {
      const target = Array.isArray(targets) ? (targets[0] as unknown) : undefined;
      if (typeof target !== 'string' || specifier.includes('*')) {
        throw new Error(`${file}: paths['${specifier}'] must map one exact specifier to one file; got ${JSON.stringify(targets)}`);
      }
      return { find: new RegExp(`^${specifier.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`), replacement: fromRoot(target) };
    });
}

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
