/**
 * `@soni/testing`'s lock conformance suite, run on the three strategies with what each
 * claims (the suite registers only the claimed capabilities' tests). That the suite catches
 * broken locks is shown in `@soni/testing`'s own tests.
 */
import { describeLockConformance } from '@soni/testing/vitest';
import { MutexLock } from './mutex-lock';
import { NoopLock } from './noop-lock';
import { ReadWriteLock } from './read-write-lock';

describeLockConformance('MutexLock', () => new MutexLock(), {
  fifo: true,
  timeouts: true,
  abort: true,
  asyncContext: true,
  selfDeadlockDetection: true,
});

describeLockConformance('MutexLock (reentrant)', () => new MutexLock({ reentrant: true }), {
  fifo: true,
  timeouts: true,
  abort: true,
  asyncContext: true,
  reentrancy: true,
});

describeLockConformance('ReadWriteLock', () => new ReadWriteLock(), {
  sharedConcurrency: true,
  writerPreference: true,
  fifo: true,
  timeouts: true,
  abort: true,
  asyncContext: true,
  selfDeadlockDetection: true,
});

describeLockConformance('ReadWriteLock (reentrant)', () => new ReadWriteLock({ reentrant: true }), {
  sharedConcurrency: true,
  writerPreference: true,
  fifo: true,
  timeouts: true,
  abort: true,
  asyncContext: true,
  reentrancy: true,
});

describeLockConformance('NoopLock', () => new NoopLock(), { mutualExclusion: false, asyncContext: true });
