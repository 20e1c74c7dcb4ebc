import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.shared';

// `shims` gives the CommonJS build `import.meta.url`, used to load @soni/locking-redis on demand.
export default defineConfig(packageBuild({ index: 'src/index.ts' }, { shims: true }));
