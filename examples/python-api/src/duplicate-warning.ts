// Python (caplog at WARNING):
//   @ActionRegistry.register("duplicate_test")
//   def first_action(**kwargs): ...
//   @ActionRegistry.register("duplicate_test")
//   def second_action(**kwargs): ...
//   -> WARNING Overwriting existing global action 'duplicate_test'. Previous: first_action, New: second_action
import { ActionRegistry, DuplicateActionError } from '@soni/core';
import { printLogger } from './print-logger';

export function run(): void {
  ActionRegistry.configure({ logger: printLogger('warn') });
  ActionRegistry.register('duplicate_test')(function first_action() {
    return { first: true };
  });
  ActionRegistry.register('duplicate_test')(function second_action() {
    return { second: true };
  });
  // Stricter than Python, on request: refuse duplicates instead of overwriting.
  const strict = new ActionRegistry({ onDuplicate: 'error' });
  strict.registerLocal('once', () => ({}));
  try {
    strict.registerLocal('once', () => ({}));
  } catch (error) {
    if (!DuplicateActionError.isInstance(error)) throw error;
    console.log(`  onDuplicate 'error': ${error.name} (${error.code}): ${error.message}`);
  }
  ActionRegistry.clearGlobal();
  ActionRegistry.resetConfiguration();
}
