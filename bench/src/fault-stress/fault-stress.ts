import { ActionHandler, ActionRegistry, ActionError, type LockStrategy, type Logger } from '@soni/core';
import { createLock } from '@soni/locking';
import { tally, type FaultStressReport } from './report';

/** Sizes of a run. */
export interface FaultStressOptions {
  /** Executions in all, across both registries. */
  readonly executions: number;
  /** Concurrent callers. @default 32 */
  readonly callers?: number;
  /** Share of executions whose caller times out or aborts while the action keeps running. @default 0.05 */
  readonly abandonRate?: number;
  /** Share of logger calls that throw. @default 0.01 */
  readonly loggerFailureRate?: number;
  /** Milliseconds between transactions. @default 1 */
  readonly transactionEveryMs?: number;
  /**
   * Wraps each lock before use: the broken variants that show the checks can fail (a lock
   * whose hold ends at the caller's deadline).
   */
  readonly wrapLock?: (lock: LockStrategy) => LockStrategy;
}

const ACTIONS = ['quote', 'greet', 'total', 'lookup'] as const;

/** A small deterministic PRNG, so a failing run can be repeated. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A logger at debug whose calls throw at the given rate, like a flaky sink. */
function flakyLogger(rate: number, next: () => number, counts: { calls: number; thrown: number }): Logger {
  const write = (): void => {
    counts.calls++;
    if (next() < rate) {
      counts.thrown++;
      throw new Error('EPIPE: the log sink is closed');
    }
  };
  return { debug: write, info: write, warn: write, error: write, isLevelEnabled: () => true };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * A million executions (or fewer) under the faults production brings: callers that give up
 * while their action runs on, a logger that throws, a transaction about every millisecond
 * replacing every action. 90 % of executions run under a read-write lock, 10 % under a mutex.
 * The report counts every broken guarantee; all counts must be 0.
 */
export async function runFaultStress(options: FaultStressOptions): Promise<FaultStressReport> {
  const callers = options.callers ?? 32;
  const abandonRate = options.abandonRate ?? 0.05;
  const next = random(20261127);
  const logCounts = { calls: 0, thrown: 0 };
  const logger = flakyLogger(options.loggerFailureRate ?? 0.01, next, logCounts);
  const wrap = options.wrapLock ?? ((lock: LockStrategy) => lock);
  const rw = new ActionRegistry({ lock: wrap(createLock('rwlock')), logger, onDuplicate: 'ignore' });
  const mutex = new ActionRegistry({ lock: wrap(createLock('mutex')), logger, onDuplicate: 'ignore' });
  const handlers = { rw: new ActionHandler(rw), mutex: new ActionHandler(mutex) };
  const t = tally();
  let unhandled = 0;
  const onUnhandled = (): void => {
    unhandled++;
  };
  process.on('unhandledRejection', onUnhandled);

  // The shared state the actions read twice across an await; a transaction migrates it in two
  // steps across an await, under the exclusive lock. A reader that sees two values, or the
  // half-migrated one, ran beside a transaction.
  const state = { version: 0, migrating: false };
  let mutexInside = 0;
  let nextId = 0;
  const install = (registry: ActionRegistry, version: number, stage: (name: string, fn: Parameters<ActionRegistry['registerLocal']>[1], dispose: () => void) => void): void => {
    for (const name of ACTIONS) {
      const id = nextId++;
      t.entries.set(id, { inflight: 0, disposed: 0, disposedEarly: false });
      stage(
        name,
        async (inputs) => {
          const entry = t.entries.get(id);
          if (entry !== undefined) entry.inflight++;
          const isMutex = registry === mutex;
          if (isMutex && ++mutexInside > 1) t.overlaps++;
          const first = state.version;
          const wasMigrating = state.migrating;
          // A slow action outlives its caller's 1 ms deadline (or abort) and keeps running.
          if (inputs.slow === true) await new Promise((resolve) => setTimeout(resolve, 3));
          else await tick();
          // The read-write registry's actions read the state its transactions migrate.
          if (!isMutex && (state.version !== first || state.migrating || wasMigrating || first !== version)) t.mixed++;
          if (isMutex) mutexInside--;
          if (entry !== undefined) entry.inflight--;
          return { version };
        },
        () => {
          const entry = t.entries.get(id);
          if (entry === undefined) return;
          entry.disposed++;
          if (entry.inflight > 0) entry.disposedEarly = true;
        },
      );
    }
  };
  for (const registry of [rw, mutex]) {
    install(registry, 0, (name, fn, dispose) => {
      registry.registerLocal(name, fn, { dispose });
    });
  }

  const run = { done: false };
  const reloads = (async () => {
    while (!run.done) {
      const version = state.version + 1;
      try {
        await rw.transaction(async (tx) => {
          state.migrating = true;
          await tick();
          state.version = version;
          state.migrating = false;
          install(rw, version, (name, fn, dispose) => {
            tx.register(name, fn, { dispose });
          });
        });
        t.transactions++;
      } catch (error) {
        t.unexpected.push(`transaction: ${String(error)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, options.transactionEveryMs ?? 1));
    }
  })();

  // Synchronous registrations interleaved with everything else: none may be lost.
  const extras: string[] = [];
  let issued = 0;
  const caller = async (index: number): Promise<void> => {
    while (issued < options.executions) {
      const n = issued++;
      if (n % 5_000 === 0) {
        const name = `extra_${index}_${n}`;
        rw.registerLocal(name, () => ({}));
        extras.push(name);
      }
      const useMutex = n % 10 === 9;
      const handler = useMutex ? handlers.mutex : handlers.rw;
      const abandon = next() < abandonRate;
      const name = ACTIONS[n % ACTIONS.length] ?? 'quote';
      const controller = abandon && n % 2 === 0 ? new AbortController() : undefined;
      const execution = handler.execute(name, { slow: abandon }, abandon ? (controller === undefined ? { timeoutMs: 1 } : { signal: controller.signal }) : undefined);
      if (controller !== undefined) setTimeout(() => { controller.abort(); }, 1);
      try {
        const result = await execution;
        if (typeof result.version !== 'number') t.unexpected.push(`result without a version: ${JSON.stringify(result)}`);
        t.completed++;
      } catch (error) {
        if (ActionError.isInstance(error) && (error.code === 'TIMEOUT' || error.code === 'ABORTED')) t.abandoned++;
        else t.unexpected.push(String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: callers }, (_, i) => caller(i)));
  run.done = true;
  await reloads;
  // Let abandoned actions settle, then retire the last versions so every entry is disposed.
  while ([...t.entries.values()].some((entry) => entry.inflight > 0)) await new Promise((resolve) => setTimeout(resolve, 5));
  const kept = new Set(rw.listActions().local);
  t.lostRegistrations = extras.filter((name) => !kept.has(name)).length;
  rw.clearLocal();
  mutex.clearLocal();
  await new Promise((resolve) => setTimeout(resolve, 20));
  process.off('unhandledRejection', onUnhandled);
  t.unhandled = unhandled;
  t.logger = { ...logCounts };
  return t.report();
}
