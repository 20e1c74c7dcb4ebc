import { ActionRegistry, type Logger, type RegistryOptions } from '@soni/core';
import { afterEach } from 'vitest';
import { createWorkerPool, type WorkerPool } from './index';
import type { WorkerPoolOptions } from './pool-options';

/** The worker actions of the tests (plain JavaScript, loaded as is by a pool thread). */
export const ACTIONS = new URL('./fixtures/actions.fixture.mjs', import.meta.url);
/** The same in a CommonJS module. */
export const CJS_ACTIONS = new URL('./fixtures/cjs-action.fixture.cjs', import.meta.url);

const open = new Set<WorkerPool>();

/** A pool closed after the test. */
export function testPool(options: WorkerPoolOptions | string = { maxThreads: 2 }): WorkerPool {
  const pool = createWorkerPool(options);
  open.add(pool);
  return pool;
}

afterEach(async () => {
  const pools = [...open];
  open.clear();
  await Promise.all(pools.map((pool) => pool.close()));
});

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The cause of what `promise` rejects with (the registry wraps a worker's failure in an ActionError). */
export async function causeOf(promise: Promise<unknown>): Promise<unknown> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (reason: unknown) => reason,
  );
  return (error as { cause?: unknown }).cause;
}

const quiet: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** A registry whose logger prints nothing (an abandoned execution logs at `warn`). */
export function quietRegistry(options: RegistryOptions = {}): ActionRegistry {
  return new ActionRegistry({ logger: quiet, ...options });
}
