/**
 * The built package, loaded as ESM and as CommonJS in one process (the "dual package
 * hazard"): both copies must share one global registry and recognise each other's errors.
 * Runs against `dist/` (turbo builds before it tests).
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type * as CoreModule from './index';

type Core = typeof CoreModule;

const esmPath = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const cjsPath = fileURLToPath(new URL('../dist/index.cjs', import.meta.url));

async function loadBoth(): Promise<{ esm: Core; cjs: Core }> {
  const esm = (await import(/* @vite-ignore */ esmPath)) as Core;
  const cjs = createRequire(import.meta.url)(cjsPath) as Core;
  return { esm, cjs };
}

describe('ESM and CommonJS copies loaded together', () => {
  afterEach(async () => {
    const { esm } = await loadBoth();
    esm.ActionRegistry.clearGlobal();
  });

  it('are two copies of the classes...', async () => {
    const { esm, cjs } = await loadBoth();
    expect(cjs.ActionRegistry).not.toBe(esm.ActionRegistry);
  });

  it('...that share one global registry', async () => {
    const { esm, cjs } = await loadBoth();
    esm.ActionRegistry.configure({ logger: esm.defaultLogger() });
    const fn = esm.ActionRegistry.register('from_esm')(() => ({ from: 'esm' }));
    expect(new cjs.ActionRegistry().get('from_esm')).toBe(fn);
    cjs.ActionRegistry.clearGlobal();
    expect(new esm.ActionRegistry().has('from_esm')).toBe(false);
  });

  it('...and recognise each other’s errors with isInstance', async () => {
    const { esm, cjs } = await loadBoth();
    const error: unknown = await new cjs.ActionHandler(new cjs.ActionRegistry()).execute('missing').catch((e: unknown) => e);
    expect(error instanceof esm.ActionError).toBe(false);
    expect(esm.ActionError.isInstance(error)).toBe(true);
    expect(esm.SoniError.isInstance(error)).toBe(true);
  });
});
