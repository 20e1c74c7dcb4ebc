import { ActionRegistry } from '@soni/core';
import { sink, type Scenario } from '../scenario';
import { PYTHON, actionFor, names, registerGlobal, resetGlobal } from './fixtures';

const SIZE = 1_000;
const CALLS = 10_000;
const WRITES = 100;

/**
 * `listActions()` and `list()` with 1000 global actions, repeated with no write in between
 * (the case the core issue asks to be cached), against the Python original's 3.4 µs, a
 * fixed reference measured elsewhere. Also the uncached case: a global write (register or
 * unregister of one name, alternating) followed by `listActions()`, beside the write alone.
 */
export function listingScenario(): Scenario {
  const keys = names(SIZE);
  const extra = actionFor('extra');
  let registry = new ActionRegistry();
  const python = { label: 'Python list_actions', nsPerOp: PYTHON.listActionsNs };
  return {
    id: 'listing',
    title: `listActions / list, ${SIZE} global actions`,
    setup: () => {
      resetGlobal();
      registerGlobal(keys);
      registry = new ActionRegistry();
    },
    teardown: resetGlobal,
    subjects: [
      {
        id: 'list-actions',
        label: 'listActions()',
        ops: CALLS,
        async: false,
        run: () => {
          let total = 0;
          for (let i = 0; i < CALLS; i++) total += registry.listActions().global.length;
          sink.value += total;
        },
      },
      {
        id: 'list',
        label: 'list()',
        ops: CALLS,
        async: false,
        run: () => {
          let total = 0;
          for (let i = 0; i < CALLS; i++) total += registry.list().length;
          sink.value += total;
        },
      },
      {
        id: 'write-then-list-actions',
        label: 'write + listActions()',
        ops: WRITES,
        async: false,
        run: () => {
          let total = 0;
          for (let i = 0; i < WRITES; i += 2) {
            ActionRegistry.register('extra')(extra);
            total += registry.listActions().global.length;
            ActionRegistry.unregister('extra');
            total += registry.listActions().global.length;
          }
          sink.value += total;
        },
      },
      {
        id: 'write-alone',
        label: 'write alone',
        ops: WRITES,
        async: false,
        run: () => {
          let total = 0;
          for (let i = 0; i < WRITES; i += 2) {
            ActionRegistry.register('extra')(extra);
            total += 1;
            ActionRegistry.unregister('extra');
            total += 1;
          }
          sink.value += total;
        },
      },
    ],
    comparisons: [
      {
        id: 'list-actions',
        label: 'listActions() vs Python list_actions (3.4 µs)',
        ours: 'list-actions',
        baseline: python,
        goal: { max: 0.25, source: '#2 core: ≤ 0.85 µs' },
      },
      { id: 'list', label: 'list() vs Python list_actions (3.4 µs)', ours: 'list', baseline: python },
      {
        id: 'list-actions-uncached',
        label: 'write + listActions() vs Python list_actions',
        ours: 'write-then-list-actions',
        baseline: python,
      },
      {
        id: 'list-actions-rebuild',
        label: 'write + listActions() vs write alone',
        ours: 'write-then-list-actions',
        baseline: 'write-alone',
      },
    ],
  };
}
