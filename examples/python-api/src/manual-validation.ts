// Python (the seed's manual validation):
//   threads = [threading.Thread(target=register_many, args=(i,)) for i in range(10)]
//   ... each registers 100 actions ...
//   print(f'Total: {len(ActionRegistry._global_actions)} actions')   # Total: 1000 actions
import { ActionRegistry } from '@soni/core';

export async function run(): Promise<number> {
  ActionRegistry.clearGlobal();
  // Ten concurrent async workers stand in for the threads; each yields to the event loop
  // between registrations so that they interleave.
  const registerMany = async (tid: number): Promise<void> => {
    for (let i = 0; i < 100; i++) {
      ActionRegistry.register(`t${tid}_a${i}`)(() => ({}));
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  await Promise.all(Array.from({ length: 10 }, (_, tid) => registerMany(tid)));
  const total = new ActionRegistry().listActions().global.length;
  console.log(`Total: ${total} actions`);
  return total;
}
