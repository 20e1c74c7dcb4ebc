// Run by fault-guarantees.test.ts in a child process: a `dispose` that fails while the
// logger's `error` throws too. Before the fix this crashed the process from a microtask
// (exit code 1); now the failures are contained and the process exits 0.
import { ActionRegistry } from './index';

let attempts = 0;
const logger = {
  debug: (): void => undefined,
  info: (): void => undefined,
  warn: (): void => undefined,
  error: (): void => {
    throw new Error('the error sink is closed');
  },
};
const registry = new ActionRegistry({ logger });
registry.registerLocal('sync', () => ({}), {
  dispose: () => {
    attempts++;
    throw new Error('sync dispose failed');
  },
});
registry.registerLocal('async', () => ({}), {
  dispose: async () => {
    attempts++;
    await Promise.resolve();
    throw new Error('async dispose failed');
  },
});
registry.registerLocal('sync', () => ({ v: 2 }));
registry.registerLocal('async', () => ({ v: 2 }));
setTimeout(() => {
  // eslint-disable-next-line no-console -- the parent test reads this line
  console.log(`replaced: 2 actions, all disposed attempts made: ${attempts}`);
}, 50);
