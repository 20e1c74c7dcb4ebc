// Python:
//   registry.list_actions()  # {"global": [...], "local": [...]}
import { ActionRegistry } from '@soni/core';

export function run(): void {
  const registry = new ActionRegistry();
  registry.registerLocal('only_here', () => ({}));
  console.log(`  listActions(): ${JSON.stringify(registry.listActions())}`);
  console.log(`  list():        ${JSON.stringify(registry.list())}`);
}
