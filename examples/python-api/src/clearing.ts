// Python:
//   ActionRegistry.clear_global()   # also ActionRegistry.clear()
//   registry.clear_local()
import { ActionRegistry } from '@soni/core';
import { printLogger } from './print-logger';

export function run(): void {
  const registry = new ActionRegistry({ logger: printLogger() });
  registry.registerLocal('temporary', () => ({}));
  registry.clearLocal();
  ActionRegistry.configure({ logger: printLogger('info') });
  ActionRegistry.clearGlobal();
  ActionRegistry.resetConfiguration();
  console.log(`  after clearing: ${JSON.stringify(registry.listActions())}`);
}
