// @ts-check
// What both loaders do with the modules they loaded, each in its own module format.
import { PromiseChainMutex } from './promise-chain-mutex.mjs';

/**
 * Executes an action through a registry locked by our own mutex, checks an error code, and
 * touches @soni/locking and @soni/testing; returns a one-line summary.
 *
 * @param {{ core: typeof import('@soni/core'), locking: typeof import('@soni/locking'), testing: typeof import('@soni/testing') }} modules
 * @param {string} who
 */
export async function exercise({ core, locking, testing }, who) {
  const registry = new core.ActionRegistry({ lock: new PromiseChainMutex() });
  registry.registerLocal('greet', (inputs) => ({ greeting: `Hello, ${String(inputs.name)}!` }), { inputs: ['name'] });
  const handler = new core.ActionHandler(registry);
  const { greeting } = await handler.execute('greet', { name: who });
  const missing = await handler.execute('greet', {}).catch((/** @type {unknown} */ error) => error);
  if (!core.ActionError.isInstance(missing) || missing.code !== 'MISSING_INPUTS') throw new Error('expected MISSING_INPUTS');
  const scenarios = testing.lockConformanceScenarios(() => new PromiseChainMutex()).length;
  return `@soni/core → ${String(greeting)} · @soni/locking → createLock('rwlock').kind = ${locking.createLock('rwlock').kind} · @soni/testing → ${scenarios} lock scenarios`;
}
