/**
 * A queued function must run in its own caller's async context (its AsyncLocalStorage
 * stores: request ids, trace spans), not in the context of the holder whose release let it
 * in. The check also runs against a callback-queue lock that starts the next function from
 * the releaser's call stack (what async-lock does) and shows it fails there.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { LockStrategy } from '@soni/core';
import { describe, expect, it } from 'vitest';
import { MutexLock } from './mutex-lock';
import { ReadWriteLock } from './read-write-lock';

const request = new AsyncLocalStorage<string>();

/** Three requests contend for the lock; each records the request id its critical section sees. */
async function contextsSeen(lock: LockStrategy): Promise<string[]> {
  const seen: string[] = [];
  await Promise.all(
    ['A', 'B', 'C'].map((id) =>
      request.run(id, () =>
        lock.runExclusive(async () => {
          seen.push(`${id}:${request.getStore() ?? 'none'}`);
          await new Promise((resolve) => setTimeout(resolve, 2));
        }),
      ),
    ),
  );
  return seen;
}

/** The deliberately broken variant: a FIFO of callbacks, the next one run by the releaser. */
function releaserRunsNext(): LockStrategy {
  const queue: (() => void)[] = [];
  let busy = false;
  const run = <T>(fn: () => T | PromiseLike<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const start = (): void => {
        busy = true;
        Promise.resolve()
          .then(fn)
          .then(resolve, reject)
          .finally(() => {
            busy = false;
            queue.shift()?.();
          });
      };
      if (busy) queue.push(start);
      else start();
    });
  return { kind: 'releaser-runs-next', runExclusive: run, runShared: run };
}

describe('a queued function runs in its own async context', () => {
  it.each([
    ['MutexLock', () => new MutexLock()],
    ['MutexLock (detectReentrancy: false)', () => new MutexLock({ detectReentrancy: false })],
    ['ReadWriteLock', () => new ReadWriteLock()],
  ])('%s', async (_name, create) => {
    expect(await contextsSeen(create())).toEqual(['A:A', 'B:B', 'C:C']);
  });

  it('the same check catches a lock whose releaser starts the next function', async () => {
    expect(await contextsSeen(releaserRunsNext())).toEqual(['A:A', 'B:A', 'C:A']);
  });
});
