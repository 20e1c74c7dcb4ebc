import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.shared';

// The main entry only; `tsup.vitest.config.ts` builds `@soni/testing/vitest` after it.
export default defineConfig(packageBuild({ index: 'src/index.ts' }));
