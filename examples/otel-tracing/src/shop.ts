// The application being traced: a registry of shop actions under a read-write lock.
import { ActionRegistry, type Logger } from '@soni/core';
import { createLock } from '@soni/locking';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Settles when the `slow` action (which ignores its signal) has finished running. */
export interface Shop {
  registry: ActionRegistry;
  slowFinished: Promise<void>;
}

export function createShop(logger: Logger): Shop {
  const registry = new ActionRegistry({ lock: createLock('rwlock'), logger });
  let finishSlow!: () => void;
  const slowFinished = new Promise<void>((resolve) => {
    finishSlow = resolve;
  });
  registry.registerLocal('quote', async ({ sku }) => {
    await sleep(5);
    return { sku, price: 42 };
  });
  registry.registerLocal('charge', async () => {
    await sleep(2);
    throw new Error('card declined');
  });
  // Does not listen to its signal: it outlives its caller's deadline (the registry reports that).
  registry.registerLocal('recommend', async () => {
    await sleep(60);
    finishSlow();
    return { items: [] };
  });
  return { registry, slowFinished };
}
