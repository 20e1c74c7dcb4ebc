// Python (the original's ActionHandler.execute, as issue 16 describes it): a synchronous action
// runs in a thread, so the event loop keeps serving the other requests meanwhile.
//
//   if asyncio.iscoroutinefunction(action):
//       result = await action(inputs)
//   else:
//       result = await asyncio.to_thread(action, inputs)
//
// TypeScript: functions cannot cross threads, so the action is registered by module and export
// in a pool of worker threads (@soni/workers); it is an ordinary action for the registry.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ActionError, ActionHandler, ActionRegistry } from '@soni/core';
import { createWorkerPool } from '@soni/workers';
import { fibonacci } from './cpu-work.mjs';

/** The worst event-loop delay, in ms, while `handler` runs fibonacci(34) 3 times at once. */
async function worstLoopDelay(handler: ActionHandler): Promise<number> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  await Promise.all([0, 1, 2].map((i) => new Promise((resolve) => setTimeout(resolve, i)).then(() => handler.execute('fibonacci', { n: 34 }))));
  await new Promise((resolve) => setTimeout(resolve, 2));
  histogram.disable();
  return histogram.max / 1e6;
}

export async function run(): Promise<void> {
  const pool = createWorkerPool({ maxThreads: 2 });
  const inThreads = new ActionRegistry();
  const worker = pool.action({ module: new URL('./cpu-work.mjs', import.meta.url), export: 'fibonacci' });
  inThreads.registerLocal('fibonacci', worker, { inputs: ['n'], dispose: worker.dispose });
  const onTheLoop = new ActionRegistry();
  onTheLoop.registerLocal('fibonacci', fibonacci, { inputs: ['n'] });

  const handler = new ActionHandler(inThreads);
  console.log(`  in a worker thread: ${JSON.stringify(await handler.execute('fibonacci', { n: 25 }))}`);
  await Promise.all([handler.execute('fibonacci', { n: 20 }), handler.execute('fibonacci', { n: 20 })]); // both threads started
  const inline = await worstLoopDelay(new ActionHandler(onTheLoop));
  const threaded = await worstLoopDelay(handler);
  console.log(`  worst event-loop delay, 3 x fibonacci(34): inline ${inline.toFixed(0)} ms, in worker threads ${threaded.toFixed(0)} ms`);
  try {
    await handler.execute('fibonacci', { n: 60 }, { timeoutMs: 50 });
  } catch (error) {
    if (!ActionError.isInstance(error) || error.code !== 'TIMEOUT') throw error;
    console.log(`  TIMEOUT          ${error.message}; the thread was terminated, nothing computes on`);
  }
  inThreads.clearLocal(); // disposes the action: the pool ends its threads
}
