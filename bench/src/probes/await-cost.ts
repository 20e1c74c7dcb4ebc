/**
 * Run in a child process by the `await-cost` scenario: times a loop of plain `await`s after
 * using one lock, and prints the nanoseconds per await as JSON. With `detect` the lock is a
 * default `MutexLock` (self-deadlock detection with AsyncLocalStorage); with `plain` it is a
 * `MutexLock({ detectReentrancy: false })`, so both processes load the same modules.
 */
import { MutexLock } from '@soni/locking';

const AWAITS = 1_000_000;
const mode = process.argv[2];
if (mode !== 'detect' && mode !== 'plain') throw new Error(`usage: await-cost.ts detect|plain, got ${String(mode)}`);

// eslint-disable-next-line @typescript-eslint/require-await -- an async function with no await is what is timed
const step = async (): Promise<number> => 1;

async function loop(count: number): Promise<number> {
  let total = 0;
  for (let i = 0; i < count; i++) total += await step();
  return total;
}

const lock = mode === 'detect' ? new MutexLock() : new MutexLock({ detectReentrancy: false });
await lock.runExclusive(step);
await loop(AWAITS / 5);
const started = process.hrtime.bigint();
const total = await loop(AWAITS);
const ns = Number(process.hrtime.bigint() - started);
if (total !== AWAITS) throw new Error('lost awaits');
console.log(JSON.stringify({ mode, awaits: AWAITS, nsPerAwait: ns / AWAITS }));
