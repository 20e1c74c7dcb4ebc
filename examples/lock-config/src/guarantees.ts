import type { LockKind } from '@soni/locking';
import type { Measurement } from './workload';

/** A promise a strategy makes, and how to check it against a measurement. */
export interface Guarantee {
  readonly text: string;
  readonly holds: (m: Measurement) => boolean;
}

/** What each strategy promises, in one sentence, for the output. */
export const SUMMARY: Record<LockKind, string> = {
  mutex: 'One holder at a time: executions run one by one, a reload waits its turn in the queue and runs alone.',
  rwlock: 'Executions share the lock and run together; a reload waits for the in-flight ones to drain, then runs alone.',
  none: 'No coordination: executions and reloads interleave freely (fastest; safe only if the caller serialises its own work).',
};

// The registry's own promises, whatever the lock: its commit is one synchronous step, and a
// replaced action is disposed once, after its last execution ends.
const REGISTRY: readonly Guarantee[] = [
  { text: 'every execution succeeded', holds: (m) => m.failedExecutions.length === 0 },
  { text: 'no execution ran after its version was disposed', holds: (m) => m.usedAfterDispose === 0 },
  { text: 'each replaced version was disposed exactly once', holds: (m) => m.disposed === m.reloads },
];

const ALONE: Guarantee = { text: 'no execution ran while a reload was rewriting the catalogue', holds: (m) => m.overlappedReload === 0 };
const WHOLE: Guarantee = { text: 'no execution saw a half-applied reload', holds: (m) => m.tornReads === 0 };

/** The checks each strategy must pass; a failing one makes the example exit non-zero. */
export const GUARANTEES: Record<LockKind, readonly Guarantee[]> = {
  mutex: [{ text: 'one execution at a time', holds: (m) => m.maxConcurrent === 1 }, ALONE, WHOLE, ...REGISTRY],
  // Shared requests queued side by side are granted together, and 8 clients start at once.
  rwlock: [{ text: 'executions ran together (more than one at once)', holds: (m) => m.maxConcurrent > 1 }, ALONE, WHOLE, ...REGISTRY],
  none: REGISTRY,
};
