import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.shared';

// `worker-thread` is the script every pool thread runs (piscina's `filename`); both builds point
// their pools at its ESM copy, `dist/worker-thread.js`. `shims` gives the CommonJS build an
// `import.meta.url` to find it with.
export default defineConfig(packageBuild({ index: 'src/index.ts', 'worker-thread': 'src/worker-thread.ts' }, { shims: true }));
