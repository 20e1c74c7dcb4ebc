// Python:
//   registry = ActionRegistry()
//   registry.register_local("custom_action", my_custom_func)
import { ActionRegistry, type ActionInputs } from '@soni/core';
import { printLogger } from './print-logger';

function myCustomFunc(inputs: ActionInputs): Record<string, unknown> {
  return { custom: true, inputs };
}

export function run(): void {
  const registry = new ActionRegistry({ logger: printLogger() });
  registry.registerLocal('custom_action', myCustomFunc);
  // Local actions take precedence over global ones of the same name.
  ActionRegistry.register('custom_action')(function globalCustom() {
    return { custom: false };
  });
  console.log(`  local wins over global: ${String(registry.get('custom_action') === myCustomFunc)}`);
  console.log(`  another instance sees the global one: ${String(new ActionRegistry().get('custom_action')?.name)}`);
}
