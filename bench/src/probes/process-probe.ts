/**
 * Run in a fresh child process (with `NODE_ENV=production`) by the process-cost scenarios:
 * sets up one subject, warms it up, times a loop of it, and prints the nanoseconds per
 * operation as JSON. Each subject gets a process of its own, so no figure includes what
 * another subject did to the process (promise hooks turned on by a lock that tracks holders).
 */
import { tracingChannel } from 'node:diagnostics_channel';
import AsyncLock from 'async-lock';
import { ActionHandler, ActionRegistry, REGISTRY_CHANNELS, type ActionContext, type ActionInputs } from '@soni/core';
import { createLock } from '@soni/locking';

type Loop = (count: number) => Promise<unknown>;

// eslint-disable-next-line @typescript-eslint/require-await -- an async function with nothing to wait for is what users pass
const step = async (): Promise<number> => 1;
// eslint-disable-next-line @typescript-eslint/require-await -- the same, as an action
const action = async (inputs: ActionInputs, _context: ActionContext): Promise<{ doubled: number }> => ({ doubled: Number(inputs.n) * 2 });
const inputs = { n: 21 };
const context: ActionContext = { action: 'double', signal: new AbortController().signal };

/** A handler doing ten awaits: code that never touches a lock. */
async function handler(): Promise<number> {
  let total = 0;
  for (let i = 0; i < 10; i++) total += await step();
  return total;
}

const TASKS = 100;
/** 100 tasks at once, each running `run(step)` in sequence: every acquisition but the first waits. */
function contended(run: (fn: () => Promise<number>) => Promise<number>): Loop {
  return async (count) => {
    const each = Math.max(1, Math.floor(count / TASKS));
    await Promise.all(
      Array.from({ length: TASKS }, async () => {
        for (let j = 0; j < each; j++) await run(step);
      }),
    );
  };
}

/** The floor for a FIFO hand-off that resumes each waiter in its own context: a bare promise chain. */
function promiseChain(): (fn: () => Promise<number>) => Promise<number> {
  let tail: Promise<unknown> = Promise.resolve();
  const settled = (): undefined => undefined;
  return (fn) => {
    const result = tail.then(fn);
    tail = result.then(settled, settled);
    return result;
  };
}

/** An APM that subscribed to the execute tracing channel, saw 10,000 executions, and left. */
async function traceForAWhile(execute: () => Promise<unknown>): Promise<void> {
  const executions = tracingChannel(REGISTRY_CHANNELS.execute);
  let seen = 0;
  const ignore = (): void => undefined;
  const count = (): void => {
    seen++;
  };
  const tracer = { start: ignore, end: ignore, asyncStart: ignore, asyncEnd: count, error: ignore };
  executions.subscribe(tracer);
  for (let i = 0; i < 10_000; i++) await execute();
  executions.unsubscribe(tracer);
  if (seen !== 10_000 || executions.hasSubscribers) throw new Error(`process-probe: the tracer saw ${seen} executions`);
}

async function setUp(subject: string): Promise<Loop> {
  switch (subject) {
    case 'raw-await':
      return async (count) => { for (let i = 0; i < count; i++) await step(); };
    case 'mutex-run-exclusive': {
      const lock = createLock('mutex');
      return async (count) => { for (let i = 0; i < count; i++) await lock.runExclusive(step); };
    }
    case 'rwlock-run-shared': {
      const lock = createLock('rwlock');
      return async (count) => { for (let i = 0; i < count; i++) await lock.runShared(step); };
    }
    case 'handler-clean':
      return async (count) => { for (let i = 0; i < count / 10; i++) await handler(); };
    case 'handler-after-rwlock':
    case 'handler-after-detecting-rwlock': {
      const lock = subject === 'handler-after-rwlock' ? createLock('rwlock') : createLock({ kind: 'rwlock', detectReentrancy: true });
      await lock.runShared(step);
      return async (count) => { for (let i = 0; i < count / 10; i++) await handler(); };
    }
    case 'contended-mutex': {
      const lock = createLock('mutex');
      return contended((fn) => lock.runExclusive(fn));
    }
    case 'contended-mutex-untracked': {
      const lock = createLock({ kind: 'mutex', detectReentrancy: false });
      return contended((fn) => lock.runExclusive(fn));
    }
    case 'contended-async-lock': {
      const lock = new AsyncLock();
      return contended((fn) => lock.acquire('key', fn));
    }
    case 'contended-promise-chain':
      return contended(promiseChain());
    case 'execute-rwlock':
    case 'execute-rwlock-after-tracing': {
      const registry = new ActionRegistry({ lock: createLock('rwlock'), logger: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, isLevelEnabled: () => false } });
      registry.registerLocal('double', action);
      const executor = new ActionHandler(registry);
      if (subject === 'execute-rwlock-after-tracing') await traceForAWhile(() => executor.execute('double', inputs));
      return async (count) => { for (let i = 0; i < count; i++) await executor.execute('double', inputs); };
    }
    case 'direct-call':
      return async (count) => { for (let i = 0; i < count; i++) await action(inputs, context); };
    default:
      throw new Error(`process-probe: unknown subject ${subject}`);
  }
}

const subject = process.argv[2] ?? '';
const count = Number(process.argv[3] ?? '200000');
const loop = await setUp(subject);
await loop(count / 4);
const samples: number[] = [];
for (let batch = 0; batch < 5; batch++) {
  const started = process.hrtime.bigint();
  await loop(count);
  samples.push(Number(process.hrtime.bigint() - started) / count);
}
samples.sort((a, b) => a - b);
console.log(JSON.stringify({ subject, nsPerOp: samples[2] }));
