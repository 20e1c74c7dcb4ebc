import { ActionRegistry, type ActionFunc } from '@soni/core';
import type { Scenario } from '../scenario';
import { actionFor, names, resetGlobal } from './fixtures';

const WORKERS = 10;
const PER_WORKER = 100;

/**
 * The seed's manual validation: 10 concurrent workers registering 100 actions each. Workers
 * are async tasks that yield (`await Promise.resolve()`) after each registration so that they
 * interleave, as threads would; the baseline does the same with `Map.set`. The store is
 * emptied before each iteration, outside the timed part.
 */
export function registrationScenario(): Scenario {
  const batches = Array.from({ length: WORKERS }, (_, w) => names(PER_WORKER, `worker${w}_action_`));
  const fns = new Map(batches.flat().map((name) => [name, actionFor(name)]));
  const fnOf = (name: string): ActionFunc => fns.get(name) ?? actionFor(name);
  const map = new Map<string, ActionFunc>();
  return {
    id: 'registration',
    title: `registration, ${WORKERS} workers × ${PER_WORKER}`,
    setup: resetGlobal,
    teardown: resetGlobal,
    subjects: [
      {
        id: 'map-set',
        label: 'Map.set workers',
        ops: WORKERS * PER_WORKER,
        async: true,
        beforeEach: () => {
          map.clear();
        },
        run: async () => {
          await Promise.all(
            batches.map(async (batch) => {
              for (const name of batch) {
                map.set(name, fnOf(name));
                await Promise.resolve();
              }
            }),
          );
          if (map.size !== WORKERS * PER_WORKER) throw new Error(`lost registrations: ${map.size}`);
        },
      },
      {
        id: 'registry-register',
        label: 'ActionRegistry.register workers',
        ops: WORKERS * PER_WORKER,
        async: true,
        beforeEach: () => {
          ActionRegistry.clearGlobal();
        },
        run: async () => {
          await Promise.all(
            batches.map(async (batch) => {
              for (const name of batch) {
                ActionRegistry.register(name)(fnOf(name));
                await Promise.resolve();
              }
            }),
          );
          const total = new ActionRegistry().listActions().global.length;
          if (total !== WORKERS * PER_WORKER) throw new Error(`lost registrations: ${total}`);
        },
      },
    ],
    comparisons: [
      {
        id: 'registration',
        label: 'register ×1000 (10 workers) vs Map.set',
        ours: 'registry-register',
        baseline: 'map-set',
      },
    ],
  };
}
