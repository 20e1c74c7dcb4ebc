import assert from 'node:assert/strict';
import { yieldToEventLoop } from '../timing';
import type { LockStrategy } from '@soni/core';
import type { LockCapabilities } from './capabilities';
import { assertHolderKeepsLock, deferred, handled, runIn, settle, type LockSuiteContext } from './context';

/** Mutual exclusion, shared concurrency (or its absence), FIFO and writer preference. */
export function addExclusionScenarios(ctx: LockSuiteContext, caps: Required<LockCapabilities>): void {
  const { add, make, within, contenders } = ctx;

  /** The most holders in `mode` that were inside at once, with `contenders` competing. */
  const maxOverlap = async (lock: LockStrategy, mode: 'exclusive' | 'shared'): Promise<number> => {
    let inside = 0;
    let maxInside = 0;
    const holders = Array.from({ length: contenders }, () =>
      runIn(lock, mode, async () => {
        inside += 1;
        maxInside = Math.max(maxInside, inside);
        await yieldToEventLoop();
        await yieldToEventLoop();
        inside -= 1;
      }),
    );
    await within(Promise.all(holders), `${mode} holders`);
    return maxInside;
  };

  if (caps.mutualExclusion) {
    add('mutualExclusion', 'never lets two exclusive holders overlap', async () => {
      const maxInside = await maxOverlap(await make(), 'exclusive');
      assert.equal(maxInside, 1, `${maxInside} exclusive holders ran at the same time`);
    });

    add('mutualExclusion', 'loses no update in a read-await-write counter', async () => {
      const lock = await make();
      let counter = 0;
      const rounds = 5;
      await within(
        Promise.all(
          Array.from({ length: contenders }, async () => {
            for (let i = 0; i < rounds; i++) {
              await lock.runExclusive(async () => {
                const read = counter;
                await yieldToEventLoop();
                counter = read + 1;
              });
            }
          }),
        ),
        'counter increments',
      );
      assert.equal(counter, contenders * rounds, `lost ${contenders * rounds - counter} update(s)`);
    });

    add('mutualExclusion', 'keeps shared holders out while an exclusive holder runs, and the reverse', async () => {
      const lock = await make();
      await assertHolderKeepsLock(ctx, lock, 'exclusive', 'shared');
      await assertHolderKeepsLock(ctx, lock, 'shared', 'exclusive');
    });

    add('mutualExclusion', 'a grant from the queue holds the lock too: a later request waits for it', async () => {
      const lock = await make();
      const first = deferred();
      const second = deferred();
      const inside: string[] = [];
      const a = handled(lock.runExclusive(async () => { inside.push('a'); await first.promise; inside.pop(); }));
      await settle();
      // `b` is granted from the queue when `a` leaves; `c` arrives while `b` holds.
      const b = handled(lock.runExclusive(async () => { inside.push('b'); await second.promise; inside.pop(); }));
      await settle();
      first.resolve();
      await settle();
      let overlap = false;
      const c = handled(lock.runExclusive(() => { overlap ||= inside.length > 0; }));
      await settle();
      second.resolve();
      await within(Promise.all([a, b, c]), 'queued exclusive holders');
      assert.ok(!overlap, 'a request made while a queued grant held the lock ran beside it');
    });
  }

  if (caps.mutualExclusion && !caps.sharedConcurrency) {
    add('sharedConcurrency', 'serialises shared holders (no shared concurrency claimed)', async () => {
      const maxInside = await maxOverlap(await make(), 'shared');
      assert.equal(maxInside, 1, `${maxInside} shared holders overlapped on a lock that does not claim shared concurrency`);
    });
  }

  if (caps.sharedConcurrency) {
    add('sharedConcurrency', 'lets shared holders run at the same time', async () => {
      const lock = await make();
      const all = deferred();
      let entered = 0;
      const readers = Array.from({ length: contenders }, () =>
        lock.runShared(async () => {
          entered += 1;
          if (entered === contenders) all.resolve();
          // Each reader waits until every reader is inside: only possible if they overlap.
          await all.promise;
        }),
      );
      await within(Promise.all(readers), `${contenders} shared holders waiting for each other (only ${entered} got in)`);
      assert.equal(entered, contenders);
    });
  }

  if (caps.fifo) {
    add('fifo', 'grants the exclusive lock to waiters in the order they asked', async () => {
      const lock = await make();
      const release = deferred();
      const holder = handled(lock.runExclusive(() => release.promise));
      await settle();
      const order: number[] = [];
      const waiters = Array.from({ length: contenders }, (_, i) =>
        lock.runExclusive(async () => {
          order.push(i);
          await yieldToEventLoop();
        }),
      );
      await settle();
      release.resolve();
      await within(Promise.all([holder, ...waiters]), 'queued exclusive waiters');
      assert.deepEqual(order, Array.from({ length: contenders }, (_, i) => i), 'waiters did not acquire in request order');
    });
  }

  if (caps.writerPreference) {
    add('writerPreference', 'makes new shared requests wait behind a queued exclusive waiter', async () => {
      const lock = await make();
      const order: string[] = [];
      const release = deferred();
      const firstReader = handled(lock.runShared(async () => {
        order.push('reader1:start');
        await release.promise;
        order.push('reader1:end');
      }));
      await settle();
      const writer = handled(lock.runExclusive(() => {
        order.push('writer');
      }));
      await settle();
      const secondReader = handled(lock.runShared(() => {
        order.push('reader2');
      }));
      await settle();
      assert.ok(!order.includes('reader2'), 'a new reader overtook the queued writer while the first reader held the lock');
      release.resolve();
      await within(Promise.all([firstReader, writer, secondReader]), 'readers and writer');
      assert.deepEqual(order, ['reader1:start', 'reader1:end', 'writer', 'reader2']);
    });
  }
}
