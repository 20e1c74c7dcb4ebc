/**
 * `@soni/testing`'s lock conformance suite, run on every strategy here (and core's NO_LOCK) with what each
 * claims (the suite registers only the claimed capabilities' tests). That the suite catches
 * broken locks is shown in `@soni/testing`'s own tests.
 */
import { Mutex, Semaphore, withTimeout } from 'async-mutex';
import { NO_LOCK } from '@soni/core';
import { describeLockConformance } from '@soni/testing/vitest';
import { AsyncMutexLock } from './async-mutex-lock';
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

// Core's NO_LOCK (the registry's default) and NoopLock share one implementation: the same claims.
describeLockConformance('NO_LOCK (core)', () => NO_LOCK, { mutualExclusion: false, asyncContext: true });

// The async-mutex adapter, for the capabilities it really has (no self-deadlock detection; a
// waiter that gives up stays queued inside async-mutex until its turn, where it is released).
describeLockConformance('AsyncMutexLock over an async-mutex Mutex', () => new AsyncMutexLock(new Mutex()), {
  fifo: true,
  timeouts: true,
  abort: true,
  asyncContext: true,
});
describeLockConformance('AsyncMutexLock over withTimeout(Mutex)', () => new AsyncMutexLock(withTimeout(new Mutex(), 5_000)), {
  fifo: true,
  timeouts: true,
  abort: true,
  asyncContext: true,
});
describeLockConformance('AsyncMutexLock over a Semaphore of 8 permits', () => new AsyncMutexLock(new Semaphore(8)), {
  sharedConcurrency: true,
  fifo: true,
  timeouts: true,
  abort: true,
  asyncContext: true,
});
