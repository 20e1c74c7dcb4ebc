import assert from 'node:assert/strict';
import { sleep } from '../timing';
import type { LockCapabilities } from './capabilities';
import { assertRejectsWithCode, deferred, handled, settle, type LockSuiteContext } from './context';

type GiveUp = 'timeout' | 'abort';

/** Timeouts and aborts: waiters that give up leave, never run, and never free the holder's lock. */
export function addWaitingScenarios(ctx: LockSuiteContext, caps: Required<LockCapabilities>): void {
  const { add, make, within } = ctx;
  const kinds: GiveUp[] = [...(caps.timeouts ? ['timeout' as const] : []), ...(caps.abort ? ['abort' as const] : [])];

  /** Options that make a waiter give up `ms` from now, and the trigger for an abort. */
  const givingUp = (kind: GiveUp, ms: number): { options: { timeoutMs?: number; signal?: AbortSignal }; fire: () => void } => {
    if (kind === 'timeout') return { options: { timeoutMs: ms }, fire: () => undefined };
    const controller = new AbortController();
    return { options: { signal: controller.signal }, fire: () => { controller.abort(); } };
  };
  const claimOf = (kind: GiveUp): 'timeouts' | 'abort' => (kind === 'timeout' ? 'timeouts' : 'abort');
  const code = (kind: GiveUp): string => (kind === 'timeout' ? 'LOCK_TIMEOUT' : 'LOCK_ABORTED');

  if (caps.timeouts) {
    add('timeouts', "rejects a waiter with code 'LOCK_TIMEOUT' after timeoutMs, never runs it, and stays usable", async () => {
      const lock = await make();
      const release = deferred();
      const holder = handled(lock.runExclusive(() => release.promise));
      await settle();
      let ran = false;
      const started = performance.now();
      await within(
        assertRejectsWithCode(lock.runExclusive(() => { ran = true; }, { timeoutMs: 30 }), 'LOCK_TIMEOUT', 'exclusive waiter with timeoutMs 30'),
        'timed-out waiter',
      );
      const waited = performance.now() - started;
      assert.ok(waited >= 20, `the waiter gave up after ${waited.toFixed(1)} ms, before its 30 ms timeout`);
      await within(
        assertRejectsWithCode(lock.runShared(() => { ran = true; }, { timeoutMs: 10 }), 'LOCK_TIMEOUT', 'shared waiter with timeoutMs 10'),
        'timed-out shared waiter',
      );
      release.resolve();
      await within(holder, 'holder');
      await settle();
      assert.ok(!ran, 'a function ran although its wait timed out');
      assert.equal(await within(lock.runExclusive(() => 'ok', { timeoutMs: 1000 }), 'lock after timeouts'), 'ok');
    });

    add('timeouts', 'acquires at once with timeoutMs when the lock is free', async () => {
      const lock = await make();
      assert.equal(await within(lock.runExclusive(() => 'fast', { timeoutMs: 50 }), 'free lock with timeout'), 'fast');
      await sleep(70);
      assert.equal(await within(lock.runExclusive(() => 'still free'), 'lock after an unused timeout'), 'still free');
    });

    add('timeouts', 'timeoutMs: 0 is a try-lock: granted when free, refused at once (before any timer) when busy', async () => {
      const lock = await make();
      assert.equal(await within(lock.runExclusive(() => 'free', { timeoutMs: 0 }), 'try-lock on a free lock'), 'free');
      const release = deferred();
      const holder = handled(lock.runExclusive(() => release.promise));
      await settle();
      let settledAfterMicrotasks = false;
      const attempt = handled(lock.runExclusive(() => 'never', { timeoutMs: 0 }));
      attempt.then(() => undefined, () => undefined).finally(() => { settledAfterMicrotasks = true; });
      for (let i = 0; i < 10; i++) await Promise.resolve();
      assert.ok(settledAfterMicrotasks, 'a try-lock on a busy lock did not fail at once (it waited for a timer)');
      await assertRejectsWithCode(attempt, 'LOCK_TIMEOUT', 'try-lock on a busy lock');
      release.resolve();
      await within(holder, 'holder');
    });
  }

  if (caps.abort) {
    add('abort', "rejects with code 'LOCK_ABORTED' without running fn when the signal is already aborted", async () => {
      const lock = await make();
      let ran = false;
      await within(
        assertRejectsWithCode(lock.runExclusive(() => { ran = true; }, { signal: AbortSignal.abort() }), 'LOCK_ABORTED', 'runExclusive with an aborted signal'),
        'aborted exclusive',
      );
      await within(
        assertRejectsWithCode(lock.runShared(() => { ran = true; }, { signal: AbortSignal.abort() }), 'LOCK_ABORTED', 'runShared with an aborted signal'),
        'aborted shared',
      );
      assert.ok(!ran, 'a function ran although its signal was already aborted');
    });

    add('abort', "rejects a waiter with code 'LOCK_ABORTED' when its signal aborts, and the lock stays usable", async () => {
      const lock = await make();
      const release = deferred();
      const holder = handled(lock.runExclusive(() => release.promise));
      await settle();
      const controller = new AbortController();
      let ran = false;
      const waiter = handled(lock.runExclusive(() => { ran = true; }, { signal: controller.signal }));
      await settle();
      controller.abort();
      await within(assertRejectsWithCode(waiter, 'LOCK_ABORTED', 'waiter whose signal aborted'), 'aborted waiter');
      release.resolve();
      await within(holder, 'holder');
      await settle();
      assert.ok(!ran, 'a function ran although its wait was aborted');
      assert.equal(await within(lock.runExclusive(() => 'ok'), 'lock after an aborted waiter'), 'ok');
    });
  }

  for (const kind of kinds) {
    add(claimOf(kind), `a waiter that gives up (${kind}) leaves the holder alone: a later request still waits for the holder`, async () => {
      const lock = await make();
      const release = deferred();
      let holderInside = false;
      const holder = handled(lock.runExclusive(async () => {
        holderInside = true;
        await release.promise;
        holderInside = false;
      }));
      await settle();
      const quitter = givingUp(kind, 15);
      const abandoned = handled(lock.runExclusive(() => 'never', quitter.options));
      await sleep(5);
      quitter.fire();
      await within(assertRejectsWithCode(abandoned, code(kind), `the waiter that gave up (${kind})`), 'waiter giving up');
      let overlapped = false;
      const later = handled(lock.runExclusive(() => { overlapped = holderInside; }));
      await settle();
      release.resolve();
      await within(Promise.all([holder, later]), 'holder and later request');
      assert.ok(!overlapped, `a request made after a waiter gave up (${kind}) ran while the holder still held the lock`);
    });

    add(claimOf(kind), `a waiter that gives up (${kind}) from the middle of the queue keeps the others queued, in order`, async () => {
      const lock = await make();
      const release = deferred();
      const holder = handled(lock.runExclusive(() => release.promise));
      await settle();
      const order: string[] = [];
      const before = handled(lock.runExclusive(() => { order.push('before'); }));
      const quitter = givingUp(kind, 15);
      const middle = handled(lock.runExclusive(() => { order.push('middle'); }, quitter.options));
      const after = handled(lock.runExclusive(() => { order.push('after'); }));
      await sleep(5);
      quitter.fire();
      await within(assertRejectsWithCode(middle, code(kind), 'the middle waiter'), 'middle waiter giving up');
      release.resolve();
      await within(Promise.all([holder, before, after]), 'the waiters around the one that gave up');
      assert.deepEqual(order, ['before', 'after'], 'the waiters around the one that gave up were not granted in order');
    });
  }
}
