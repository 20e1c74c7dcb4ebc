import { defineProject } from 'vitest/config';
import { projectConfig } from '../../vitest.shared.ts';

const shared = projectConfig('workers');

// One test file at a time: each file starts worker threads that busy a core on purpose, and
// files side by side on a 2-core machine would turn their timing into noise.
export default defineProject({ ...shared, test: { ...shared.test, fileParallelism: false } });
