/**
 * A point-in-time view of a lock, from `query()`. It is a copy: it does not change when the
 * lock does, and reading it never blocks.
 */
export interface LockSnapshot {
  /** The strategy: `'mutex'`, `'rwlock'` or `'none'`. */
  readonly kind: string;
  /** How the lock is held right now. A `NoopLock` is always `'idle'`. */
  readonly mode: 'idle' | 'shared' | 'exclusive';
  /** How many calls hold it: `0` when idle, `1` when exclusive, the reader count when shared. */
  readonly holders: number;
  /**
   * How many calls are queued, by the mode they wait for (a mutex queues every call as
   * exclusive). Re-entrant children queued inside a holder are not counted.
   */
  readonly waiting: { readonly shared: number; readonly exclusive: number };
}
