import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Scenario, Subject } from '../scenario';

const run = promisify(execFile);
const PROBE = fileURLToPath(new URL('../probes/await-cost.ts', import.meta.url));
const AWAITS = 1_000_000;

/** Runs the probe in a fresh Node process (same loader flags as this one) and returns ms for all its awaits. */
async function probe(mode: 'detect' | 'plain'): Promise<number> {
  const { stdout } = await run(process.execPath, [...process.execArgv, PROBE, mode], { encoding: 'utf8' });
  const lines = stdout.trim().split('\n');
  const parsed = JSON.parse(lines[lines.length - 1] ?? '') as { nsPerAwait?: unknown };
  if (typeof parsed.nsPerAwait !== 'number') throw new Error(`await-cost probe printed ${stdout}`);
  return (parsed.nsPerAwait * AWAITS) / 1e6;
}

function subject(mode: 'detect' | 'plain', label: string): Subject {
  return {
    id: mode,
    label,
    ops: AWAITS,
    async: true,
    // The child times its own loop; its process start-up is not part of the figure.
    run: async () => ({ overriddenDuration: await probe(mode) }),
  };
}

/**
 * What self-deadlock detection costs the whole process: the first acquisition of a lock with
 * `detectReentrancy` (the default) runs an `AsyncLocalStorage`, which on Node 20 turns on
 * async hooks for every promise the process creates from then on, the application's own
 * included. Each round runs a fresh process of each kind (one has used a default
 * `MutexLock`, the other one with detection off) and times 1,000,000 plain `await`s in it.
 * Ratios against raw `await fn()` in the other lock scenarios are measured in a process where
 * the hooks are already on, so they do not include this cost.
 */
export function awaitCostScenario(): Scenario {
  return {
    id: 'await-cost',
    title: 'process-wide cost of detectReentrancy',
    iterations: 1,
    timeMs: 0,
    warmup: false,
    subjects: [
      subject('plain', 'await, after MutexLock({ detectReentrancy: false })'),
      subject('detect', 'await, after a default MutexLock'),
    ],
    comparisons: [
      {
        id: 'await-after-detect',
        label: 'plain await after a default MutexLock vs without',
        ours: 'detect',
        baseline: 'plain',
      },
    ],
  };
}
