// Python:
//   @ActionRegistry.register("my_action")
//   def my_action(slot: str) -> dict[str, Any]:
//       return {"result": slot}
import { ActionRegistry, type ActionInputs } from '@soni/core';

export const myAction = ActionRegistry.register('my_action')(function myAction(inputs: ActionInputs) {
  return { result: inputs.slot };
});

export function run(): void {
  const registry = new ActionRegistry();
  console.log(`  registry.get('my_action') === myAction: ${String(registry.get('my_action') === myAction)}`);
}
