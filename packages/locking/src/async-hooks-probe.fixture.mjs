// Run by zero-cost-default.test.ts in a fresh `node --expose-internals` process (plain Node:
// a TypeScript loader would enable hooks of its own): uses a lock of the BUILT package with
// the defaults (or with detection on) and reports whether any async hook, AsyncLocalStorage's
// included, has been enabled in the process, from Node's own record of it
// (`initHooksExist` in `internal/async_hooks`): what makes every promise in it pay.
import { createRequire } from 'node:module';
import { createLock } from '@soni/locking';

// `initHooksExist` turns true when the first hook with an `init` callback is enabled, which is
// what entering an AsyncLocalStorage does on Node 20 and 22.
const internals = createRequire(import.meta.url)('internal/async_hooks');
const before = internals.initHooksExist();
const mode = process.argv[2] ?? 'rwlock';
const lock = mode === 'detect' ? createLock({ kind: 'rwlock', detectReentrancy: true }) : createLock(mode);
await lock.runShared(async () => 1);
await Promise.all([lock.runExclusive(() => 1), lock.runShared(() => 2), lock.runExclusive(() => 3)]);
console.log(JSON.stringify({ before, after: internals.initHooksExist(), detection: lock.query().detection }));
