import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { ActionHandler, ActionRegistry } from '@soni/core';
import { silentLogger } from '@soni/logging';
import { createWorkerPool, type WorkerPool } from '@soni/workers';
import { Piscina } from 'piscina';
import type { Scenario } from '../scenario';
import { sink } from '../scenario';
import { burn, double } from './cpu-actions.mjs';

const ACTIONS = new URL('./cpu-actions.mjs', import.meta.url);
const BURN_MS = 100;
const THREADS = 2;

interface Handlers {
  inline: ActionHandler;
  workers: ActionHandler;
  pool: WorkerPool;
}

/** The same actions registered twice: run on the event loop, and in a pool of `threads` threads. */
function handlers(threads = THREADS): Handlers {
  const pool = createWorkerPool({ maxThreads: threads, minThreads: threads, idleTimeoutMs: 60_000 });
  const inline = new ActionRegistry({ logger: silentLogger() });
  inline.registerLocal('burn', burn);
  inline.registerLocal('double', double);
  const workers = new ActionRegistry({ logger: silentLogger() });
  workers.registerLocal('burn', pool.action({ module: ACTIONS, export: 'burn' }));
  workers.registerLocal('double', pool.action({ module: ACTIONS, export: 'double' }));
  return { inline: new ActionHandler(inline), workers: new ActionHandler(workers), pool };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * p99 of the event loop's delay, in ms, while `count` CPU-bound actions run: they arrive 5 ms
 * apart, as requests would, and the histogram (1 ms resolution) stays on until the loop has
 * turned after the last one, so a stall is recorded when the loop gets back to its timers.
 */
async function loopDelayP99(handler: ActionHandler, count: number): Promise<number> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  const runs = Array.from({ length: count }, (_, i) => sleep(5 * i).then(() => handler.execute('burn', { ms: BURN_MS })));
  await Promise.all(runs);
  await sleep(5);
  histogram.disable();
  return histogram.percentile(99) / 1e6;
}

/** Milliseconds for `count` CPU-bound actions started at once to all finish. */
async function wallTime(handler: ActionHandler, count: number): Promise<number> {
  const started = performance.now();
  await Promise.all(Array.from({ length: count }, () => handler.execute('burn', { ms: BURN_MS })));
  return performance.now() - started;
}

/**
 * CPU-bound actions (100 ms of computation each) on the event loop and in a pool of 2 worker
 * threads, side by side in each round: the event loop's p99 delay while 4 run, and the time
 * for 8 to finish on the 2-core machine. Each subject reports its figure as its "time".
 */
export function workersCpuScenario(): Scenario {
  let h: Handlers | undefined;
  const get = (): Handlers => {
    if (h === undefined) throw new Error('workers scenario used before its setup');
    return h;
  };
  return {
    id: 'workers-cpu',
    title: `CPU-bound actions (${String(BURN_MS)} ms each): inline on the event loop vs a pool of ${String(THREADS)} worker threads`,
    iterations: 1,
    timeMs: 0,
    warmup: false,
    setup: async () => {
      h = handlers();
      // Threads started and the module loaded in each, so no round pays for a thread's start.
      await Promise.all(Array.from({ length: THREADS * 2 }, () => get().workers.execute('burn', { ms: 5 })));
    },
    teardown: async () => {
      await h?.pool.close();
      h = undefined;
    },
    subjects: [
      { id: 'inline-loop-p99', label: 'p99 event-loop delay, 4 actions inline', ops: 1, async: true, run: async () => ({ overriddenDuration: await loopDelayP99(get().inline, 4) }) },
      { id: 'workers-loop-p99', label: 'p99 event-loop delay, 4 worker actions', ops: 1, async: true, run: async () => ({ overriddenDuration: await loopDelayP99(get().workers, 4) }) },
      { id: 'inline-8', label: '8 actions inline, until all finish', ops: 1, async: true, run: async () => ({ overriddenDuration: await wallTime(get().inline, 8) }) },
      { id: 'workers-8', label: '8 worker actions on 2 threads, until all finish', ops: 1, async: true, run: async () => ({ overriddenDuration: await wallTime(get().workers, 8) }) },
    ],
    comparisons: [
      {
        id: 'workers-loop-p99-vs-10ms',
        label: 'p99 event-loop delay while 4 worker actions run vs 10 ms',
        ours: 'workers-loop-p99',
        baseline: { label: '10 ms', nsPerOp: 10 * 1e6 },
        goal: { max: 1, source: '#16 workers' },
      },
      {
        id: 'inline-loop-p99-vs-100ms',
        label: 'p99 event-loop delay while 4 inline actions run vs 100 ms (≥ 1× expected: the stall)',
        ours: 'inline-loop-p99',
        baseline: { label: '100 ms', nsPerOp: 100 * 1e6 },
      },
      {
        id: 'workers-loop-p99-vs-inline',
        label: 'p99 event-loop delay: 4 worker actions vs 4 inline',
        ours: 'workers-loop-p99',
        baseline: 'inline-loop-p99',
        goal: { max: 0.1, source: '#16 workers' },
      },
      {
        id: 'workers-8-vs-inline',
        label: '8 CPU-bound actions: workers (2 threads) vs inline',
        ours: 'workers-8',
        baseline: 'inline-8',
        goal: { max: 0.6, source: '#16 workers' },
      },
    ],
  };
}

const CALLS = 50;

/**
 * The cost a trivial worker action adds over the pool library itself: `execute` of a worker
 * action (registry, validation, the hand-over to piscina, errors and results carried as data)
 * against piscina's own `run()` of the same function, both on a warm pool of one thread each, 50
 * calls in sequence an iteration.
 */
export function workersOverheadScenario(): Scenario {
  let h: Handlers | undefined;
  let piscina: Piscina | undefined;
  const inputs = { n: 21 };
  return {
    id: 'workers-overhead',
    title: 'a trivial worker action: execute vs piscina run() of the same function',
    setup: async () => {
      // One thread each, so the two pools never compete for the cores within a round.
      h = handlers(1);
      piscina = new Piscina({ filename: fileURLToPath(ACTIONS), name: 'doubleTask', maxThreads: 1, minThreads: 1, idleTimeout: 60_000 });
      for (let i = 0; i < 20; i++) {
        await h.workers.execute('double', inputs);
        await piscina.run(inputs);
      }
    },
    teardown: async () => {
      await Promise.all([h?.pool.close(), piscina?.close()]);
      h = undefined;
      piscina = undefined;
    },
    subjects: [
      {
        id: 'piscina-run',
        label: 'piscina.run(task)',
        ops: CALLS,
        async: true,
        run: async () => {
          if (piscina === undefined) throw new Error('workers-overhead used before its setup');
          const pool = piscina;
          let total = 0;
          for (let i = 0; i < CALLS; i++) total += ((await pool.run(inputs)) as { doubled: number }).doubled;
          sink.value += total;
        },
      },
      {
        id: 'worker-execute',
        label: "handler.execute('double') of a worker action",
        ops: CALLS,
        async: true,
        run: async () => {
          if (h === undefined) throw new Error('workers-overhead used before its setup');
          const handler = h.workers;
          let total = 0;
          for (let i = 0; i < CALLS; i++) total += Number((await handler.execute('double', inputs)).doubled);
          sink.value += total;
        },
      },
    ],
    comparisons: [
      {
        id: 'worker-execute-vs-piscina',
        label: 'trivial worker action: execute vs piscina run()',
        ours: 'worker-execute',
        baseline: 'piscina-run',
        goal: { max: 1.2, source: '#16 workers' },
      },
    ],
  };
}
