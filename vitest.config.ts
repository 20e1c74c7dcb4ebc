import { defineConfig } from 'vitest/config';

// `pnpm test:unit` runs every package's tests (and the bench's own) in one vitest process.
// Examples are checked by running them (`pnpm start`); the http-service example, which users
// copy into production, also has tests of its hardening, and the fastify-service example runs
// the @soni/testing suites beside its own tests.
export default defineConfig({
  test: {
    projects: ['packages/*', 'examples/http-service', 'examples/fastify-service', 'bench/vitest.config.mts'],
  },
});
