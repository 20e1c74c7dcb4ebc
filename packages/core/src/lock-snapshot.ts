import type { DetectionSource } from './lock-options';

/**
 * A point-in-time view of a lock, from `query()`. It is a copy: it does not change when the
 * lock does, and reading it never blocks.
 */
export interface LockSnapshot {
  /** The strategy: `'mutex'`, `'rwlock'` or `'none'`. */
  readonly kind: string;
  /**
   * How the lock is held right now. A `NoopLock` is always `'idle'`. A hold lasts as long as
   * the function it protects: an execution whose caller gave up (timeout, abort) while its
   * action still runs is still counted here until the action settles.
   */
  readonly mode: 'idle' | 'shared' | 'exclusive';
  /** How many calls hold it: `0` when idle, `1` when exclusive, the reader count when shared. */
  readonly holders: number;
  /**
   * How many calls are queued, by the mode they wait for (a mutex queues every call as
   * exclusive). Re-entrant children queued inside a holder are not counted.
   */
  readonly waiting: { readonly shared: number; readonly exclusive: number };
  /**
   * Whether self-deadlock detection (holder tracking) is on for this lock, and why: `'option'`
   * when the lock's options said so, otherwise the rule of `selfDeadlockDetectionDefault`
   * that decided. `NoopLock` never tracks (`'option'`, off: nothing can deadlock).
   */
  readonly detection: { readonly enabled: boolean; readonly source: DetectionSource };
}
