// The loops below repeat on purpose: see `Subject.run` in ../scenario.ts.
import type { Scenario, Subject } from '../scenario';
import { sink } from '../scenario';
import { critical } from './fixtures';
import { esfxRead, esfxWrite, makeLocks } from './peers';

const CALLS = 100;

/**
 * Uncontended acquisition: one caller takes the lock 100 times in sequence around an async
 * critical section (`async () => ++counter`), against `await critical()` with no lock and
 * against the peers. Nothing ever waits, so this measures the fast path.
 */
export function uncontendedExclusiveScenario(): Scenario {
  const locks = makeLocks();
  const subjects: Subject[] = [
    {
      id: 'raw',
      label: 'await fn()',
      ops: CALLS,
      async: true,
      run: async () => {
        let total = 0;
        for (let i = 0; i < CALLS; i++) total += await critical();
        sink.value += total;
      },
    },
    {
      id: 'mutex',
      label: 'MutexLock.runExclusive',
      ops: CALLS,
      async: true,
      run: async () => {
        let total = 0;
        for (let i = 0; i < CALLS; i++) total += await locks.mutex.runExclusive(critical);
        sink.value += total;
      },
    },
    {
      id: 'rwlock-exclusive',
      label: 'ReadWriteLock.runExclusive',
      ops: CALLS,
      async: true,
      run: async () => {
        let total = 0;
        for (let i = 0; i < CALLS; i++) total += await locks.rwlock.runExclusive(critical);
        sink.value += total;
      },
    },
    {
      id: 'async-mutex',
      label: 'async-mutex runExclusive',
      ops: CALLS,
      async: true,
      run: async () => {
        let total = 0;
        for (let i = 0; i < CALLS; i++) total += await locks.asyncMutex.runExclusive(critical);
        sink.value += total;
      },
    },
    {
      id: 'async-lock',
      label: 'async-lock acquire',
      ops: CALLS,
      async: true,
      run: async () => {
        let total = 0;
        for (let i = 0; i < CALLS; i++) total += await locks.asyncLock.acquire('key', critical);
        sink.value += total;
      },
    },
    {
      id: 'esfx-write',
      label: '@esfx write()',
      ops: CALLS,
      async: true,
      run: async () => {
        let total = 0;
        for (let i = 0; i < CALLS; i++) total += await esfxWrite(locks.esfx, critical);
        sink.value += total;
      },
    },
  ];
  return {
    id: 'uncontended-exclusive',
    title: 'uncontended exclusive',
    subjects,
    comparisons: [
      // Informative: both in this process. The ≤ 2× goal is measured in fresh processes
      // (process-uncontended), where no other subject can have changed what an await costs.
      { id: 'mutex-vs-raw', label: 'MutexLock.runExclusive vs await fn(), same process', ours: 'mutex', baseline: 'raw' },
      {
        id: 'mutex-vs-async-mutex',
        label: 'MutexLock.runExclusive vs async-mutex',
        ours: 'mutex',
        baseline: 'async-mutex',
        goal: { max: 0.25, source: '#3 locking' },
      },
      { id: 'mutex-vs-async-lock', label: 'MutexLock.runExclusive vs async-lock', ours: 'mutex', baseline: 'async-lock' },
      { id: 'mutex-vs-esfx', label: 'MutexLock.runExclusive vs @esfx write', ours: 'mutex', baseline: 'esfx-write' },
      {
        id: 'rwlock-exclusive-vs-raw',
        label: 'ReadWriteLock.runExclusive vs await fn()',
        ours: 'rwlock-exclusive',
        baseline: 'raw',
      },
    ],
  };
}

/** Uncontended shared acquisition: `ReadWriteLock.runShared` against raw and @esfx `read()`. */
export function uncontendedSharedScenario(): Scenario {
  const locks = makeLocks();
  return {
    id: 'uncontended-shared',
    title: 'uncontended shared',
    subjects: [
      {
        id: 'raw',
        label: 'await fn()',
        ops: CALLS,
        async: true,
        run: async () => {
          let total = 0;
          for (let i = 0; i < CALLS; i++) total += await critical();
          sink.value += total;
        },
      },
      {
        id: 'rwlock-shared',
        label: 'ReadWriteLock.runShared',
        ops: CALLS,
        async: true,
        run: async () => {
          let total = 0;
          for (let i = 0; i < CALLS; i++) total += await locks.rwlock.runShared(critical);
          sink.value += total;
        },
      },
      {
        id: 'esfx-read',
        label: '@esfx read()',
        ops: CALLS,
        async: true,
        run: async () => {
          let total = 0;
          for (let i = 0; i < CALLS; i++) total += await esfxRead(locks.esfx, critical);
          sink.value += total;
        },
      },
    ],
    comparisons: [
      // Informative (same process); the goal is in process-uncontended.
      { id: 'rwlock-shared-vs-raw', label: 'ReadWriteLock.runShared vs await fn(), same process', ours: 'rwlock-shared', baseline: 'raw' },
      { id: 'rwlock-shared-vs-esfx', label: 'ReadWriteLock.runShared vs @esfx read', ours: 'rwlock-shared', baseline: 'esfx-read' },
    ],
  };
}
