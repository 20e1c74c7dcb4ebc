import { defineConfig } from 'vitest/config';

// `pnpm test:unit` runs every package's tests (and the bench's own) in one vitest process.
// Examples are checked by running them (`pnpm start`), not by vitest.
export default defineConfig({
  test: {
    projects: ['packages/*', 'bench/vitest.config.mts'],
  },
});
