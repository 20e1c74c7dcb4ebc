// Python: ActionHandler(registry).execute(name, inputs) and each of its failures.
import { ActionError, ActionHandler, ActionRegistry } from '@soni/core';

export async function run(): Promise<void> {
  const registry = new ActionRegistry();
  registry.registerLocal('book_flight', (inputs) => ({ booking: `${String(inputs.origin)}->${String(inputs.destination)}` }), {
    inputs: ['origin', 'destination'],
  });
  registry.registerLocal('broken', () => {
    throw new Error('payment service unavailable');
  });
  registry.registerLocal('slow', (_inputs, { signal }) => new Promise((resolve, reject) => {
    const timer = setTimeout(() => { resolve({ late: true }); }, 1_000);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new Error('cancelled'));
    });
  }));
  const handler = new ActionHandler(registry);
  console.log(`  ok: ${JSON.stringify(await handler.execute('book_flight', { origin: 'MAD', destination: 'SFO' }))}`);
  const controller = new AbortController();
  const attempts: [string, () => Promise<unknown>][] = [
    ['NOT_FOUND', () => handler.execute('cancel_flight')],
    ['MISSING_INPUTS', () => handler.execute('book_flight', { origin: 'MAD' })],
    ['INVALID_INPUTS', () => handler.execute('book_flight', 'MAD-SFO' as never)],
    ['EXECUTION_FAILED', () => handler.execute('broken')],
    ['TIMEOUT', () => handler.execute('slow', {}, { timeoutMs: 20 })],
    ['ABORTED', () => {
      const pending = handler.execute('slow', {}, { signal: controller.signal });
      controller.abort(new Error('user hung up'));
      return pending;
    }],
  ];
  for (const [expected, attempt] of attempts) {
    try {
      await attempt();
      throw new Error(`expected ${expected}`);
    } catch (error) {
      if (!ActionError.isInstance(error) || error.code !== expected) throw error;
      console.log(`  ${error.code.padEnd(16)} ${error.message}`);
    }
  }
}
