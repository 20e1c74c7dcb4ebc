// The promise forms: `await setTimeout(1)` is one round trip, `await setImmediate()` one turn.
import { setImmediate, setTimeout } from 'node:timers/promises';
import { z } from 'zod';

/** The fruit the catalog prices, as a schema (actions validate against it). */
export const skuSchema = z.enum(['apple', 'pear', 'fig']);

/** One fruit of the catalog. */
export type Sku = z.output<typeof skuSchema>;

/** Every fruit, in catalog order. */
export const SKUS: readonly Sku[] = skuSchema.options;

/** A catalog row: its price and the version of the catalog that wrote it. */
export interface CatalogRow {
  readonly version: number;
  readonly cents: number;
}

/**
 * The service's shared store, standing in for a database table. A reload migrates it row by
 * row, with a round trip each, and a quote reads it row by row: only the registry's lock
 * (exclusive for the reload, shared for executions) keeps a quote from reading a catalog that
 * is half migrated.
 */
export class PriceCatalog {
  readonly #rows = new Map<Sku, CatalogRow>();

  /** Rewrites every row for `version`, one round trip at a time. */
  async migrate(version: number): Promise<void> {
    for (const [index, sku] of SKUS.entries()) {
      this.#rows.set(sku, { version, cents: 100 * version + 10 * index });
      await setTimeout(1);
    }
  }

  /** Reads one row (a round trip to a fast cache: one turn of the event loop). */
  async lookup(sku: Sku): Promise<CatalogRow> {
    await setImmediate();
    const row = this.#rows.get(sku);
    if (row === undefined) throw new Error(`no price for '${sku}' yet`);
    return row;
  }
}
