// Traces a small shop with OpenTelemetry through the registry's diagnostics_channel events:
// no wrapper around the registry or the handler, only subscribers. Prints the finished spans
// and checks them (exit status 1 if a check fails).
import { ActionHandler } from '@soni/core';
import { expectedSpans } from './expected-spans';
import { printSpans } from './print-spans';
import { createShop } from './shop';
import { bridgeRegistryToSpans } from './span-bridge';
import { setUpTracing } from './tracing-setup';

const { tracer, exporter, shutdown } = setUpTracing('soni-shop');
const logged: string[] = [];
const bridge = bridgeRegistryToSpans(tracer, (line) => {
  logged.push(line);
  console.log(`log (no active span): ${line}`);
});

// The registry's own log (it warns when a caller abandons a running action), on stdout to keep the order.
const print = (level: string) => (message: string): void => {
  console.log(`registry ${level}: ${message}`);
};
const { registry, slowFinished } = createShop({ debug: () => undefined, info: print('info'), warn: print('warn'), error: print('error') });
const handler = new ActionHandler(registry);

// A request: executions inside its span become its children, concurrent ones included.
await tracer.startActiveSpan('POST /checkout', async (request) => {
  try {
    await Promise.all([handler.execute('quote', { sku: 'A-1' }), handler.execute('quote', { sku: 'B-2' })]);
    const outcomes = await Promise.allSettled([
      handler.execute('charge', { amount: 84 }), // throws: EXECUTION_FAILED
      handler.execute('refund', {}), // never registered: NOT_FOUND
      handler.execute('recommend', {}, { timeoutMs: 20 }), // runs 60 ms: TIMEOUT, and abandoned
    ]);
    console.log(`request: ${outcomes.map((o) => (o.status === 'fulfilled' ? 'ok' : String((o.reason as { code?: unknown }).code))).join(', ')}`);
  } finally {
    request.end();
  }
});

// A hot reload: the transaction's changes and its commit become events of the reload span.
// Under the rwlock it waits for the abandoned 'recommend', still running, to finish.
await tracer.startActiveSpan('reload actions', async (reload) => {
  try {
    await registry.transaction((tx) => {
      tx.register('quote', ({ sku }) => ({ sku, price: 40 }));
      tx.unregister('charge');
    });
  } finally {
    reload.end();
  }
});
await slowFinished;
bridge.close();

const spans = exporter.getFinishedSpans();
console.log(`\n${spans.length} finished spans:\n`);
printSpans(spans, (line) => {
  console.log(line);
});

console.log('\nchecks:');
let failed = 0;
for (const check of expectedSpans(spans, logged)) {
  try {
    check.run();
    console.log(`  ✓ ${check.text}`);
  } catch (error) {
    failed++;
    console.log(`  ✗ ${check.text}\n      ${error instanceof Error ? error.message.split('\n').join('\n      ') : String(error)}`);
  }
}
await shutdown();
if (failed > 0) {
  console.log(`\n${failed} check(s) failed`);
  process.exitCode = 1;
}
