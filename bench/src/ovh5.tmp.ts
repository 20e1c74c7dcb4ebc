import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { createWorkerPool } from '@soni/workers';
import { ActionHandler, ActionRegistry } from '@soni/core';
const SCRIPT = '/work/wt/workers/packages/workers/dist/worker-thread.js';
const ACTIONS = new URL('./scenarios/cpu-actions.mjs', import.meta.url);
const base = new Piscina({ filename: fileURLToPath(ACTIONS), name: 'doubleTask', maxThreads: 1, minThreads: 1, idleTimeout: 60000 });
const mine = new Piscina({ filename: SCRIPT, name: 'runWorkerTask', maxThreads: 1, minThreads: 1, idleTimeout: 60000 });
const pool = createWorkerPool({ maxThreads: 1, minThreads: 1, idleTimeoutMs: 60000 });
const action = pool.action({ module: ACTIONS, export: 'double' });
const reg = new ActionRegistry(); reg.registerLocal('double', action); const h = new ActionHandler(reg);
const task = { module: ACTIONS.href, exportName: 'double', action: 'double', inputs: { n: 21 }, fencingToken: undefined };
const inputs = { n: 21 };
const ctx = { action: 'double', signal: new AbortController().signal };
const subjects: Record<string, () => Promise<unknown>> = {
  base: () => base.run(inputs),
  mine: () => mine.run(task),
  mineSig: () => mine.run(task, { signal: new AbortController().signal }),
  direct: () => action(inputs, ctx),
  execute: () => h.execute('double', inputs),
};
for (const f of Object.values(subjects)) for (let i = 0; i < 300; i++) await f();
const all: Record<string, number[]> = {};
for (let round = 0; round < 9; round++) {
  const entries = Object.entries(subjects); const order = [...entries.slice(round % entries.length), ...entries.slice(0, round % entries.length)];
  for (const [name, f] of order) {
    const t = performance.now(); let n = 0;
    while (performance.now() - t < 200) { for (let i = 0; i < 50; i++) await f(); n += 50; }
    (all[name] ??= []).push((performance.now() - t) / n * 1000);
  }
}
const med = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(Object.entries(all).map(([k, v]) => `${k} med ${med([...v]).toFixed(1)} min ${Math.min(...v).toFixed(1)}`).join(' | '));
await Promise.all([base.close(), mine.close(), pool.close()]);
