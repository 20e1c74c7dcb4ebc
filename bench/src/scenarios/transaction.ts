import { setImmediate as nextTurn } from 'node:timers/promises';
import { ActionHandler, ActionRegistry } from '@soni/core';
import { createLock } from '@soni/locking';
import { silentLogger } from '@soni/logging';
import type { Scenario, Subject } from '../scenario';
import { actionFor } from './fixtures';

const EXECUTORS = 16;
const TRANSACTIONS = 10;

interface Setup {
  registry: ActionRegistry;
  handler: ActionHandler;
}

/** A local registry with `kind` whose action `io` waits one event-loop turn, like a small I/O. */
function setupFor(kind: 'mutex' | 'rwlock'): Setup {
  const registry = new ActionRegistry({ lock: createLock(kind), logger: silentLogger(), onDuplicate: 'ignore' });
  registry.registerLocal('io', async () => {
    await nextTurn();
    return { ok: true };
  });
  return { registry, handler: new ActionHandler(registry) };
}

/** Starts `EXECUTORS` loops that execute `io` back to back; the returned function stops them and waits. */
function startLoad(handler: ActionHandler): () => Promise<void> {
  let running = true;
  const loops = Array.from({ length: EXECUTORS }, async () => {
    while (running) await handler.execute('io');
  });
  return async () => {
    running = false;
    await Promise.all(loops);
  };
}

/**
 * Latency of a transaction (stage one registration, commit) on a registry whose `io` action
 * is being executed by 16 concurrent loops, against the same transaction on an idle registry.
 * With `rwlock` a transaction waits for the executions in flight to drain (one event-loop
 * turn) and new executions wait for it; with `mutex` it queues behind every execution already
 * waiting. One iteration runs 10 transactions in sequence.
 */
export function transactionScenario(): Scenario {
  const swap = actionFor('swap');
  const subjects: Subject[] = [];
  for (const kind of ['rwlock', 'mutex'] as const) {
    const idle = setupFor(kind);
    const loaded = setupFor(kind);
    let stop: (() => Promise<void>) | undefined;
    subjects.push(
      {
        id: `${kind}-idle`,
        label: `transaction, ${kind}, idle`,
        ops: TRANSACTIONS,
        async: true,
        run: async () => {
          for (let i = 0; i < TRANSACTIONS; i++) {
            await idle.registry.transaction((tx) => {
              tx.register('swap', swap);
            });
          }
        },
      },
      {
        id: `${kind}-loaded`,
        label: `transaction, ${kind}, ${EXECUTORS} executors`,
        ops: TRANSACTIONS,
        async: true,
        beforeAll: () => {
          stop = startLoad(loaded.handler);
        },
        afterAll: async () => {
          await stop?.();
          stop = undefined;
        },
        run: async () => {
          for (let i = 0; i < TRANSACTIONS; i++) {
            await loaded.registry.transaction((tx) => {
              tx.register('swap', swap);
            });
          }
        },
      },
    );
  }
  return {
    id: 'transaction',
    title: `transaction latency, ${EXECUTORS} executions running`,
    subjects,
    comparisons: [
      {
        id: 'rwlock-loaded-vs-idle',
        label: `transaction under load vs idle (rwlock)`,
        ours: 'rwlock-loaded',
        baseline: 'rwlock-idle',
      },
      {
        id: 'mutex-loaded-vs-idle',
        label: `transaction under load vs idle (mutex)`,
        ours: 'mutex-loaded',
        baseline: 'mutex-idle',
      },
    ],
  };
}
