import type { Options } from 'tsup';

/**
 * The build every published package shares: ESM and CJS, each with its own declaration
 * file (`.d.ts` / `.d.cts`), source maps, Node 20 syntax.
 */
export function packageBuild(entry: Record<string, string>, overrides: Partial<Options> = {}): Options {
  return {
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    splitting: false,
    treeshake: true,
    tsconfig: 'tsconfig.build.json',
    ...overrides,
  };
}
