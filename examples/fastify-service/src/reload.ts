import { ActionRegistry } from '@soni/core';
import { createActions, descriptions, greetSchema, quoteSchema } from './actions';
import type { PriceCatalog } from './catalog';

/** What the reloads did: the versions committed and those whose actions were all disposed. */
export interface ReloadLog {
  readonly committed: number[];
  readonly closed: number[];
}

/**
 * Loads version `version` of the actions: migrates the catalog and stages both actions, in
 * one global transaction. Under a read-write lock it waits for in-flight executions to
 * drain, keeps new ones waiting, and commits in one synchronous step; a version's resources
 * are released (`closed`) once the registry has disposed both of its actions, after their
 * last execution.
 */
export async function reloadActions(version: number, catalog: PriceCatalog, log: ReloadLog): Promise<void> {
  await ActionRegistry.transaction(async (tx) => {
    await catalog.migrate(version);
    const actions = createActions(version, catalog);
    let open = 2;
    const dispose = (): void => {
      open -= 1;
      if (open === 0) log.closed.push(version);
    };
    tx.register('greet', actions.greet, { schema: greetSchema, description: descriptions.greet, dispose });
    tx.register('quote', actions.quote, { schema: quoteSchema, description: descriptions.quote, dispose });
  });
  log.committed.push(version);
}
