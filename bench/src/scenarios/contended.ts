// The loops below repeat on purpose: see `Subject.run` in ../scenario.ts.
import type { Scenario } from '../scenario';
import { critical } from './fixtures';
import { esfxRead, esfxWrite, makeLocks } from './peers';

const TASKS = 100;
const EACH = 50;
const OPS = TASKS * EACH;
const tasks = Array.from({ length: TASKS }, (_, i) => i);
/** In the mixed scenario, operation `j` of task `t` writes when `(t * EACH + j) % 10 === 0`: 10 % writes, spread evenly. */
const isWrite = (task: number, j: number): boolean => (task * EACH + j) % 10 === 0;

/**
 * 100 tasks started at once, each acquiring the lock 50 times in sequence around the async
 * critical section: every acquisition but the first waits in the queue. One iteration is the
 * whole run (5000 acquisitions); figures are per acquisition.
 */
export function contendedWritesScenario(): Scenario {
  const locks = makeLocks();
  return {
    id: 'contended-writes',
    title: `contended, ${TASKS} tasks × ${EACH}, 100 % writes`,
    subjects: [
      {
        id: 'mutex',
        label: 'MutexLock',
        ops: OPS,
        async: true,
        run: () =>
          Promise.all(
            tasks.map(async () => {
              for (let j = 0; j < EACH; j++) await locks.mutex.runExclusive(critical);
            }),
          ),
      },
      {
        id: 'rwlock',
        label: 'ReadWriteLock (exclusive)',
        ops: OPS,
        async: true,
        run: () =>
          Promise.all(
            tasks.map(async () => {
              for (let j = 0; j < EACH; j++) await locks.rwlock.runExclusive(critical);
            }),
          ),
      },
      {
        id: 'async-mutex',
        label: 'async-mutex',
        ops: OPS,
        async: true,
        run: () =>
          Promise.all(
            tasks.map(async () => {
              for (let j = 0; j < EACH; j++) await locks.asyncMutex.runExclusive(critical);
            }),
          ),
      },
      {
        id: 'async-lock',
        label: 'async-lock',
        ops: OPS,
        async: true,
        run: () =>
          Promise.all(
            tasks.map(async () => {
              for (let j = 0; j < EACH; j++) await locks.asyncLock.acquire('key', critical);
            }),
          ),
      },
      {
        id: 'esfx',
        label: '@esfx write()',
        ops: OPS,
        async: true,
        run: () =>
          Promise.all(
            tasks.map(async () => {
              for (let j = 0; j < EACH; j++) await esfxWrite(locks.esfx, critical);
            }),
          ),
      },
    ],
    comparisons: [
      {
        id: 'mutex-vs-async-mutex',
        label: 'contended MutexLock vs async-mutex',
        ours: 'mutex',
        baseline: 'async-mutex',
        goal: { max: 1, source: '#3 locking' },
      },
      { id: 'mutex-vs-async-lock', label: 'contended MutexLock vs async-lock', ours: 'mutex', baseline: 'async-lock' },
      { id: 'mutex-vs-esfx', label: 'contended MutexLock vs @esfx write', ours: 'mutex', baseline: 'esfx' },
      { id: 'rwlock-vs-async-mutex', label: 'contended ReadWriteLock (excl.) vs async-mutex', ours: 'rwlock', baseline: 'async-mutex' },
    ],
  };
}

/**
 * The same 100 × 50 run with 90 % reads and 10 % writes. The read-write locks take reads in
 * shared mode; the mutexes (ours and the peers, which have no shared mode) serialise all.
 */
export function contendedMixedScenario(): Scenario {
  const locks = makeLocks();
  return {
    id: 'contended-mixed',
    title: `contended, ${TASKS} tasks × ${EACH}, 90 % reads / 10 % writes`,
    subjects: [
      {
        id: 'rwlock',
        label: 'ReadWriteLock',
        ops: OPS,
        async: true,
        run: () =>
          Promise.all(
            tasks.map(async (t) => {
              for (let j = 0; j < EACH; j++) {
                if (isWrite(t, j)) await locks.rwlock.runExclusive(critical);
                else await locks.rwlock.runShared(critical);
              }
            }),
          ),
      },
      {
        id: 'mutex',
        label: 'MutexLock',
        ops: OPS,
        async: true,
        run: () =>
          Promise.all(
            tasks.map(async (t) => {
              for (let j = 0; j < EACH; j++) {
                if (isWrite(t, j)) await locks.mutex.runExclusive(critical);
                else await locks.mutex.runShared(critical);
              }
            }),
          ),
      },
      {
        id: 'esfx',
        label: '@esfx read()/write()',
        ops: OPS,
        async: true,
        run: () =>
          Promise.all(
            tasks.map(async (t) => {
              for (let j = 0; j < EACH; j++) {
                if (isWrite(t, j)) await esfxWrite(locks.esfx, critical);
                else await esfxRead(locks.esfx, critical);
              }
            }),
          ),
      },
      {
        id: 'async-mutex',
        label: 'async-mutex',
        ops: OPS,
        async: true,
        run: () =>
          Promise.all(
            tasks.map(async (t) => {
              for (let j = 0; j < EACH; j++) {
                // No shared mode: a read takes the mutex like a write does.
                if (isWrite(t, j)) await locks.asyncMutex.runExclusive(critical);
                else await locks.asyncMutex.runExclusive(critical);
              }
            }),
          ),
      },
      {
        id: 'async-lock',
        label: 'async-lock',
        ops: OPS,
        async: true,
        run: () =>
          Promise.all(
            tasks.map(async (t) => {
              for (let j = 0; j < EACH; j++) {
                if (isWrite(t, j)) await locks.asyncLock.acquire('key', critical);
                else await locks.asyncLock.acquire('key', critical);
              }
            }),
          ),
      },
    ],
    comparisons: [
      { id: 'rwlock-vs-esfx', label: '90/10 ReadWriteLock vs @esfx rwlock', ours: 'rwlock', baseline: 'esfx' },
      { id: 'rwlock-vs-async-mutex', label: '90/10 ReadWriteLock vs async-mutex', ours: 'rwlock', baseline: 'async-mutex' },
      { id: 'rwlock-vs-async-lock', label: '90/10 ReadWriteLock vs async-lock', ours: 'rwlock', baseline: 'async-lock' },
      { id: 'mutex-vs-async-mutex', label: '90/10 MutexLock vs async-mutex', ours: 'mutex', baseline: 'async-mutex' },
    ],
  };
}
