import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import type { ActionFunc, ActionOptions } from '@soni/core';
import type { WorkerPool } from '@soni/workers';
import { z } from 'zod';
import { checksum } from './cpu-actions.mjs';

/** The products the price table knows. */
export const SKUS = ['apple', 'pear', 'fig'] as const;

interface PriceRow {
  readonly version: number;
  readonly cents: number;
}

/**
 * The service's shared store, standing in for a database table: a reload migrates it row by
 * row, and `quote` reads it row by row. Only the lock keeps a quote from reading a table that
 * is half migrated (shared mode for executions, exclusive mode for the reload).
 */
export class PriceTable {
  readonly #rows = new Map<string, PriceRow>();

  /** Rewrites every row for `version`, one at a time (each write is a round trip). */
  async migrate(version: number): Promise<void> {
    for (const [index, sku] of SKUS.entries()) {
      this.#rows.set(sku, { version, cents: 100 * version + 10 * index });
      await sleep(1);
    }
  }

  /** Reads one row (a round trip to a fast cache: one turn of the event loop). */
  async lookup(sku: string): Promise<PriceRow> {
    await nextTurn();
    const row = this.#rows.get(sku);
    if (row === undefined) throw new Error(`no price for '${sku}'`);
    return row;
  }
}

/** One action of a module: the function and how it is registered. */
export interface ModuleAction {
  readonly fn: ActionFunc;
  readonly options: ActionOptions;
}

/** A loaded version of the action module: its actions and the resource they share. */
export interface ActionModule {
  readonly version: number;
  readonly actions: Readonly<Record<string, ModuleAction>>;
  /** Whether the module's connection is still open (it closes once every action is disposed). */
  readonly isOpen: () => boolean;
}

// Any Standard Schema validator works; the validated value is what the action receives.
const QuoteInputs = z.object({
  items: z.array(z.object({ sku: z.enum(SKUS), qty: z.number().int().positive() })).min(1),
});

const ChecksumInputs = z.object({ rounds: z.number().int().min(1).max(500_000_000) });

/**
 * The CPU-heavy action: in a worker thread of `pool` (its module loaded as this version's URL,
 * so a reload loads it afresh while running executions finish on the old one), or inline on
 * the event loop without a pool.
 */
function checksumAction(version: number, pool: WorkerPool | undefined): { fn: ActionFunc; dispose: () => Promise<void> | undefined } {
  if (pool === undefined) {
    return { fn: (inputs) => ({ version, ...checksum(inputs as z.infer<typeof ChecksumInputs>) }), dispose: () => undefined };
  }
  const inThread = pool.action<z.infer<typeof ChecksumInputs>, { rounds: number; checksum: string }>({
    module: new URL(`./cpu-actions.mjs?v=${String(version)}`, import.meta.url),
    export: 'checksum',
  });
  return {
    fn: async (inputs, context) => ({ version, ...(await inThread(inputs as z.infer<typeof ChecksumInputs>, context)) }),
    dispose: inThread.dispose,
  };
}

/**
 * Loads version `version` of the action module, as a plug-in loader would: it opens a
 * connection that all its actions share, and closes it once the registry has disposed every
 * one of them (after their last execution). Every result carries `version`. With `pool`, the
 * CPU-heavy `checksum` runs in its worker threads.
 */
export async function loadActionModule(
  version: number,
  prices: PriceTable,
  onClosed: (version: number) => void,
  pool?: WorkerPool,
): Promise<ActionModule> {
  await sleep(2); // importing the module and opening its connection
  let open = true;
  let live = 0;
  const release = (): void => {
    if (--live === 0) {
      open = false;
      onClosed(version);
    }
  };
  const assertOpen = (): void => {
    if (!open) throw new Error(`the connection of module v${version} is closed`);
  };

  const definitions: Record<string, ModuleAction> = {
    greet: {
      fn: (inputs) => ({ version, greeting: `Hello, ${String(inputs.name)}!` }),
      options: { inputs: ['name'], description: 'Greets someone by name.' },
    },
    quote: {
      fn: async (inputs, { signal }) => {
        const { items } = inputs as z.infer<typeof QuoteInputs>;
        const lines = [];
        for (const { sku, qty } of items) {
          assertOpen();
          const row = await prices.lookup(sku);
          signal.throwIfAborted();
          lines.push({ sku, qty, cents: row.cents * qty, version: row.version });
        }
        return { version, lines, totalCents: lines.reduce((sum, line) => sum + line.cents, 0) };
      },
      options: { schema: QuoteInputs, description: 'Prices an order, one price-table lookup per line.' },
    },
    fail: {
      fn: () => {
        throw new Error(`payment backend unavailable (module v${version})`);
      },
      options: { description: 'Always fails, to show the 500 mapping.' },
    },
    slow: {
      fn: async (inputs, { signal }) => {
        await sleep(Number(inputs.ms), undefined, { signal });
        return { version, sleptMs: Number(inputs.ms) };
      },
      options: { inputs: ['ms'], description: 'Sleeps `ms` milliseconds (honours cancellation).' },
    },
  };
  const heavy = checksumAction(version, pool);
  definitions.checksum = {
    fn: heavy.fn,
    options: {
      schema: ChecksumInputs,
      description: `Computes a checksum over \`rounds\` bytes: CPU-bound (${pool === undefined ? 'inline, on the event loop' : 'in a worker thread'}).`,
      dispose: heavy.dispose,
    },
  };
  live = Object.keys(definitions).length;
  const actions = Object.fromEntries(
    Object.entries(definitions).map(([name, { fn, options }]) => {
      const own = options.dispose;
      const dispose = async (): Promise<void> => {
        await own?.();
        release();
      };
      return [name, { fn, options: { ...options, dispose } }];
    }),
  );
  return { version, actions, isOpen: () => open };
}
