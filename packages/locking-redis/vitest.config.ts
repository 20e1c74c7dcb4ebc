import { defineProject } from 'vitest/config';
import { projectConfig } from '../../vitest.shared.ts';

const shared = projectConfig('locking-redis');

// One test file at a time: the cross-process files start up to four Node processes and two
// redis-servers each, and running them side by side on a small CI machine would make every
// package's timing-sensitive tests compete for the same cores.
export default defineProject({ ...shared, test: { ...shared.test, fileParallelism: false } });
