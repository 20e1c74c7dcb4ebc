import type { ActionContext } from '@soni/core';
import { z } from 'zod';
import { skuSchema, type PriceCatalog } from './catalog';

/** The inputs of `greet`; the action receives the validated (trimmed) value. */
export const greetSchema = z.object({
  name: z.string().trim().min(1).max(100),
});

/** The inputs of `quote`. */
export const quoteSchema = z.object({
  items: z
    .array(z.object({ sku: skuSchema, qty: z.number().int().positive().max(1_000) }))
    .min(1)
    .max(20),
});

/** What each action is for, shown in the tool listing (`GET /actions`). */
export const descriptions = {
  greet: 'Greets someone by name.',
  quote: 'Prices a basket of fruit at the current catalog version.',
};

/**
 * One version of the service's actions. Each function's `inputs` is typed as its schema's
 * output, so registering it with that schema type-checks, and {@link ServiceActions} (the
 * type of what this returns) is the declaration that types `handler.execute` by name.
 */
export function createActions(version: number, catalog: PriceCatalog) {
  return {
    greet: ({ name }: z.output<typeof greetSchema>) => ({ greeting: `Hello ${name}`, version }),

    quote: async ({ items }: z.output<typeof quoteSchema>, { signal }: ActionContext) => {
      let totalCents = 0;
      const rowVersions: number[] = [];
      for (const { sku, qty } of items) {
        signal.throwIfAborted();
        const row = await catalog.lookup(sku);
        rowVersions.push(row.version);
        totalCents += row.cents * qty;
      }
      return { version, totalCents, rowVersions };
    },
  };
}

/** The service's actions, by name: what a typed `ActionHandler` executes. */
export type ServiceActions = ReturnType<typeof createActions>;
