import { setTimeout as sleep } from 'node:timers/promises';
import { ActionError, ActionHandler, ActionRegistry, type ActionFunc, type LockStrategy, type Logger } from '@soni/core';
import type { LockSnapshot } from '@soni/locking';

/** A lock whose state can be read, as every `@soni/locking` strategy's can. */
export type QueryableLock = LockStrategy & { query(): LockSnapshot };

/** The shape of the run; the defaults take well under a second per strategy. */
export interface WorkloadOptions {
  /** Concurrent clients, each executing `quote` back to back. */
  clients: number;
  /** Executions each client makes at least; clients keep going until every reload is done. */
  minExecutionsPerClient: number;
  /** How many reloads (transactions) run during the workload. */
  reloads: number;
  /** Pause between two reloads, in milliseconds. */
  reloadGapMs: number;
  /** Sections of the price catalogue: a reload rewrites them one by one, an execution reads them one by one. */
  sections: number;
}

export const DEFAULT_WORKLOAD: WorkloadOptions = { clients: 8, minExecutionsPerClient: 12, reloads: 5, reloadGapMs: 4, sections: 3 };

/** What one run measured. Every number is counted while the workload runs. */
export interface Measurement {
  readonly executions: number;
  readonly failedExecutions: readonly string[];
  readonly elapsedMs: number;
  /** The most executions of `quote` that were running at the same moment. */
  readonly maxConcurrent: number;
  readonly reloads: number;
  /** For each reload: how long the transaction waited for the lock, in milliseconds. */
  readonly transactionWaitsMs: readonly number[];
  /** For each reload: how many executions were running when it was requested. */
  readonly inFlightAtRequest: readonly number[];
  /** For each reload: how many calls were queued for the lock when it was requested (from `lock.query()`). */
  readonly queuedAtRequest: readonly number[];
  /** Executions that were running while a reload was rewriting the catalogue. */
  readonly overlappedReload: number;
  /** Executions that read sections (or used an action) of two different versions. */
  readonly tornReads: number;
  /** Executions that kept running after their version's `dispose` ran. */
  readonly usedAfterDispose: number;
  /** Versions whose `dispose` ran (each replaced version, once). */
  readonly disposed: number;
}

interface Section {
  readonly version: number;
  readonly price: number;
}

/**
 * A price service: the action `quote` prices an order from a catalogue of sections, and a
 * reload publishes a new catalogue version together with a new `quote` bound to it.
 *
 * The reload is several steps on state outside the registry: it rewrites the sections one at
 * a time (each "fetched" with an `await`), then stages the new action; the registry commits
 * the action atomically, but the catalogue is only protected if executions and reloads are
 * coordinated. An execution reads the sections one at a time too. So without coordination an
 * execution can see part of the old catalogue and part of the new one: a torn read.
 */
export async function runWorkload(lock: QueryableLock, logger: Logger, options: WorkloadOptions = DEFAULT_WORKLOAD): Promise<Measurement> {
  const registry = new ActionRegistry({ lock, logger, onDuplicate: 'ignore' });
  const handler = new ActionHandler(registry, { timeoutMs: 5_000 });
  const catalogue: Section[] = Array.from({ length: options.sections }, (_, index) => ({ version: 0, price: priceOf(0, index) }));
  const disposedVersions = new Set<number>();

  let running = 0;
  let maxConcurrent = 0;
  let reloading = false;
  let overlappedReload = 0;
  let tornReads = 0;
  let usedAfterDispose = 0;

  const quoteFor = (version: number): ActionFunc =>
    async function quote(inputs) {
      running++;
      maxConcurrent = Math.max(maxConcurrent, running);
      const seen = new Set([version]);
      let overlapped = false;
      let afterDispose = false;
      let total = 0;
      try {
        // An array iterator reads each element when it gets there, so this sees the live catalogue.
        for (const section of catalogue) {
          overlapped ||= reloading;
          afterDispose ||= disposedVersions.has(version);
          seen.add(section.version);
          total += section.price;
          await sleep(1); // a lookup per section
        }
        afterDispose ||= disposedVersions.has(version);
      } finally {
        running--;
      }
      if (overlapped) overlappedReload++;
      if (afterDispose) usedAfterDispose++;
      if (seen.size > 1) tornReads++;
      return { version, total: total * Number(inputs.quantity) };
    };

  const register = (version: number): [ActionFunc, { inputs: string[]; dispose: () => void }] => [
    quoteFor(version),
    { inputs: ['quantity'], dispose: () => disposedVersions.add(version) },
  ];
  registry.registerLocal('quote', ...register(0));

  const transactionWaitsMs: number[] = [];
  const inFlightAtRequest: number[] = [];
  const queuedAtRequest: number[] = [];
  let reloadsDone = false;

  async function reload(version: number): Promise<void> {
    inFlightAtRequest.push(running);
    const { waiting } = lock.query();
    queuedAtRequest.push(waiting.shared + waiting.exclusive);
    const requested = performance.now();
    await registry.transaction(async (tx) => {
      transactionWaitsMs.push(performance.now() - requested);
      reloading = true;
      try {
        for (let index = 0; index < catalogue.length; index++) {
          catalogue[index] = { version, price: priceOf(version, index) };
          await sleep(1); // fetching the next section
        }
        tx.register('quote', ...register(version));
      } finally {
        reloading = false;
      }
    });
  }

  let executions = 0;
  const failedExecutions: string[] = [];
  async function client(): Promise<void> {
    for (let done = 0; done < options.minExecutionsPerClient || !reloadsDone; done++) {
      try {
        await handler.execute('quote', { quantity: 2 });
      } catch (error) {
        failedExecutions.push(ActionError.isInstance(error) ? `${error.code}: ${error.message}` : String(error));
        if (failedExecutions.length > 10) return;
      }
      executions++;
    }
  }

  async function reloader(): Promise<void> {
    try {
      for (let version = 1; version <= options.reloads; version++) {
        await sleep(options.reloadGapMs);
        await reload(version);
      }
    } finally {
      reloadsDone = true;
    }
  }

  const started = performance.now();
  await Promise.all([reloader(), ...Array.from({ length: options.clients }, client)]);
  const elapsedMs = performance.now() - started;
  // dispose runs after the commit's synchronous step; let the last one land before counting.
  await sleep(0);

  return {
    executions,
    failedExecutions,
    elapsedMs,
    maxConcurrent,
    reloads: transactionWaitsMs.length,
    transactionWaitsMs,
    inFlightAtRequest,
    queuedAtRequest,
    overlappedReload,
    tornReads,
    usedAfterDispose,
    disposed: disposedVersions.size,
  };
}

function priceOf(version: number, section: number): number {
  return 100 * (version + 1) + section;
}
