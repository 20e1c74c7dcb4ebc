import { ActionRegistry, type ActionFunc } from '@soni/core';
import { sink, type Scenario } from '../scenario';
import { PYTHON, actionFor, names, registerGlobal, resetGlobal } from './fixtures';

const SIZE = 1_000;
const PASSES = 10;

/**
 * `registry.get(name)` against `Map.get(name)` on a Map with the same 1000 entries. A lookup
 * costs a few nanoseconds, so one iteration does 10 passes over all 1000 names (10,000
 * lookups) and counts the hits into a sink that outlives the loop (so the optimiser cannot
 * drop the lookups). Each side has its own loop with the same shape.
 */
export function lookupScenario(): Scenario {
  const keys = names(SIZE);
  const map = new Map<string, ActionFunc>();
  let registry = new ActionRegistry();
  return {
    id: 'lookup',
    title: `get, ${SIZE} global actions`,
    setup: () => {
      resetGlobal();
      registerGlobal(keys);
      for (const key of keys) map.set(key, actionFor(key));
      registry = new ActionRegistry();
    },
    teardown: resetGlobal,
    subjects: [
      {
        id: 'map-get',
        label: 'Map.get',
        ops: SIZE * PASSES,
        async: false,
        run: () => {
          let hits = 0;
          for (let pass = 0; pass < PASSES; pass++) {
            for (const key of keys) if (map.get(key) !== undefined) hits++;
          }
          sink.value += hits;
        },
      },
      {
        id: 'registry-get',
        label: 'registry.get',
        ops: SIZE * PASSES,
        async: false,
        run: () => {
          let hits = 0;
          for (let pass = 0; pass < PASSES; pass++) {
            for (const key of keys) if (registry.get(key) !== undefined) hits++;
          }
          sink.value += hits;
        },
      },
    ],
    comparisons: [
      {
        id: 'get',
        label: `registry.get vs Map.get (Python: ${PYTHON.getOverDictGet}× dict.get)`,
        ours: 'registry-get',
        baseline: 'map-get',
        goal: { max: 1.5, source: '#2 core' },
      },
    ],
  };
}
