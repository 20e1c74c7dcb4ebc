import { ActionHandler, ActionRegistry, type ActionFunc } from '@soni/core';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { createWorkerPool, type WorkerAction } from './index';

const pool = createWorkerPool();
const module = new URL('./resize.js', import.meta.url);

describe('worker action types', () => {
  it('is an ActionFunc typed by its type arguments', () => {
    const resize = pool.action<{ width: number }, { pixels: number }>({ module, export: 'resize' });
    expectTypeOf(resize).toExtend<ActionFunc<{ width: number }, { pixels: number }>>();
    expectTypeOf(resize.dispose).toEqualTypeOf<() => Promise<void>>();
    expectTypeOf(pool.action({ module })).toEqualTypeOf<WorkerAction>();
  });

  it('registers with a schema whose output it takes, and executes typed by name', async () => {
    const resize = pool.action<{ width: number }, { pixels: number }>({ module, export: 'resize' });
    const registry = new ActionRegistry();
    registry.registerLocal('resize', resize, { schema: z.object({ width: z.number() }), dispose: resize.dispose });
    // @ts-expect-error the schema gives a string, the action takes a number
    registry.registerLocal('bad', resize, { schema: z.object({ width: z.string() }) });
    const handler = new ActionHandler<{ resize: typeof resize }>(registry);
    expectTypeOf(handler.execute('resize', { width: 2 })).resolves.toEqualTypeOf<{ pixels: number }>();
    await registry.transaction((tx) => {
      tx.register('resize', resize, { schema: z.object({ width: z.number() }), dispose: resize.dispose });
    });
    ActionRegistry.register('resize', { schema: z.object({ width: z.number() }) })(resize);
  });
});
