import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.shared';

// `@soni/testing/vitest` is ESM only: vitest cannot be loaded with require(), so a CommonJS
// build of this entry could never work. It is its own entry so the main entry never imports
// vitest (an optional peer). Runs after the main build (`clean: false` keeps its output).
export default defineConfig(packageBuild({ vitest: 'src/vitest-entry.ts' }, { format: ['esm'], clean: false }));
