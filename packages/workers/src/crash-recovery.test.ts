import { ActionHandler, ActionRegistry } from '@soni/core';
import { describe, expect, it } from 'vitest';
import { WorkerCrashError } from './index';
import { ACTIONS, causeOf, testPool } from './test-pools.fixture';

function registryOf(pool: ReturnType<typeof testPool>, names: readonly string[]): ActionHandler {
  const registry = new ActionRegistry();
  for (const name of names) registry.registerLocal(name, pool.action({ module: ACTIONS, export: name }));
  return new ActionHandler(registry);
}

describe('a worker that crashes', () => {
  it.each([
    ['exitThread', /worker exited with code: 3/],
    ['throwLater', /thrown from a timer/],
  ])('%s: WorkerCrashError for that execution; the others, running and later, succeed', async (name, reason) => {
    const pool = testPool({ maxThreads: 2 });
    const handler = registryOf(pool, [name, 'spin', 'double']);
    const neighbour = handler.execute('spin', { ms: 300, tag: 'neighbour' });
    const cause = await causeOf(handler.execute(name));
    expect(WorkerCrashError.isInstance(cause) && cause.action).toBe(name);
    expect((cause as Error).message).toMatch(reason);
    expect(await neighbour).toEqual({ spun: 300, tag: 'neighbour' });
    const later = await Promise.all([1, 2, 3, 4].map((n) => handler.execute('double', { n })));
    expect(later).toEqual([{ doubled: 2 }, { doubled: 4 }, { doubled: 6 }, { doubled: 8 }]);
  });

  it('a thread over its memory limit is ended (WORKER_CRASHED) and replaced', async () => {
    const pool = testPool({ maxThreads: 1, resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 } });
    const handler = registryOf(pool, ['allocate', 'double']);
    const cause = await causeOf(handler.execute('allocate', { megabytes: 256 }));
    expect(WorkerCrashError.isInstance(cause) && cause.message).toMatch(/memory/i);
    expect(await handler.execute('double', { n: 1 })).toEqual({ doubled: 2 });
  });
});
