import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.shared';

// `vitest` is its own entry so the main entry never imports vitest (an optional peer).
export default defineConfig(packageBuild({ index: 'src/index.ts', vitest: 'src/vitest-entry.ts' }));
