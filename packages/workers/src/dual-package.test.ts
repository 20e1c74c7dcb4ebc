/**
 * The built package, loaded as ESM and as CommonJS in one process: each copy finds the thread
 * script beside it and runs actions, and each recognises the other's errors. Runs against
 * `dist/` (turbo builds before it tests).
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type * as WorkersModule from './index';
import { ACTIONS } from './test-pools.fixture';

type Workers = typeof WorkersModule;

const esmPath = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const cjsPath = fileURLToPath(new URL('../dist/index.cjs', import.meta.url));

describe('ESM and CommonJS builds', () => {
  it('both run worker actions', async () => {
    const esm = (await import(/* @vite-ignore */ esmPath)) as Workers;
    const cjs = createRequire(import.meta.url)(cjsPath) as Workers;
    expect(cjs.createWorkerPool).not.toBe(esm.createWorkerPool);
    const context = { action: 'double', signal: new AbortController().signal };
    for (const copy of [esm, cjs]) {
      const pool = copy.createWorkerPool({ maxThreads: 1 });
      try {
        expect(await pool.action({ module: ACTIONS, export: 'double' })({ n: 4 }, context)).toEqual({ doubled: 8 });
      } finally {
        await pool.close();
      }
    }
  });

  it('recognise each other’s errors with isInstance', async () => {
    const esm = (await import(/* @vite-ignore */ esmPath)) as Workers;
    const cjs = createRequire(import.meta.url)(cjsPath) as Workers;
    const pool = cjs.createWorkerPool({ maxThreads: 1 });
    try {
      const error = await pool
        .action({ module: ACTIONS, export: 'notAFunction' })({}, { action: 'x', signal: new AbortController().signal })
        .catch((e: unknown) => e);
      expect(error instanceof esm.WorkerModuleError).toBe(false);
      expect(esm.WorkerModuleError.isInstance(error)).toBe(true);
    } finally {
      await pool.close();
    }
  });
});
