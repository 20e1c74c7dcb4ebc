import { defineConfig } from 'vitest/config';

// `pnpm test:unit` runs every package's tests in one vitest process.
export default defineConfig({
  test: {
    projects: ['packages/*', 'examples/*'],
  },
});
