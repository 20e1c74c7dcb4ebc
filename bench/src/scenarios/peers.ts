import { AsyncReaderWriterLock } from '@esfx/async-readerwriterlock';
import AsyncLock from 'async-lock';
import { Mutex } from 'async-mutex';
import { MutexLock, ReadWriteLock } from '@soni/locking';

/**
 * A fresh instance of each lock measured, ours and the peers', for one scenario. Ours use the
 * defaults: in the bench process (no test runner, `NODE_ENV` unset) self-deadlock detection is
 * off, so no subject turns on promise hooks and slows every other one.
 */
export function makeLocks(): {
  mutex: MutexLock;
  rwlock: ReadWriteLock;
  asyncMutex: Mutex;
  asyncLock: AsyncLock;
  esfx: AsyncReaderWriterLock;
} {
  return {
    mutex: new MutexLock(),
    rwlock: new ReadWriteLock(),
    asyncMutex: new Mutex(),
    // The default maxPending (1000) would reject the contended scenario's 100 waiters only
    // far above what runs here, but raise it so the peer is never measured failing.
    asyncLock: new AsyncLock({ maxPending: Infinity }),
    esfx: new AsyncReaderWriterLock(),
  };
}

/** `fn` under an @esfx write lock (it hands out a handle instead of running a callback). */
export async function esfxWrite<T>(lock: AsyncReaderWriterLock, fn: () => Promise<T>): Promise<T> {
  const handle = await lock.write();
  try {
    return await fn();
  } finally {
    handle.unlock();
  }
}

/** `fn` under an @esfx read lock. */
export async function esfxRead<T>(lock: AsyncReaderWriterLock, fn: () => Promise<T>): Promise<T> {
  const handle = await lock.read();
  try {
    return await fn();
  } finally {
    handle.unlock();
  }
}
