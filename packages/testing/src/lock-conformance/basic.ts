import assert from 'node:assert/strict';
import { yieldToEventLoop } from '../timing';
import type { LockSuiteContext } from './context';

/** The contract every strategy must keep, whatever it claims. */
export function addBasicScenarios(ctx: LockSuiteContext): void {
  const { add, make, within, contenders } = ctx;

  add('basic', 'has a non-empty string kind', async () => {
    const lock = await make();
    assert.equal(typeof lock.kind, 'string');
    assert.ok(lock.kind.length > 0, 'kind must not be empty');
  });

  add('basic', 'resolves to the result of sync and async functions in both modes', async () => {
    const lock = await make();
    assert.equal(await within(lock.runExclusive(() => 1), 'runExclusive(sync)'), 1);
    assert.equal(await within(lock.runExclusive(async () => { await yieldToEventLoop(); return 2; }), 'runExclusive(async)'), 2);
    assert.equal(await within(lock.runShared(() => 3), 'runShared(sync)'), 3);
    assert.equal(await within(lock.runShared(async () => { await yieldToEventLoop(); return 4; }), 'runShared(async)'), 4);
  });

  add('basic', "rejects with the function's own error, sync or async, and releases the lock", async () => {
    const lock = await make();
    const boom = new Error('boom');
    await assert.rejects(within(lock.runExclusive(() => { throw boom; }), 'runExclusive(throws)'), (e) => e === boom);
    await assert.rejects(within(lock.runExclusive(async () => { await yieldToEventLoop(); throw boom; }), 'runExclusive(rejects)'), (e) => e === boom);
    await assert.rejects(within(lock.runShared(() => { throw boom; }), 'runShared(throws)'), (e) => e === boom);
    assert.equal(await within(lock.runExclusive(() => 'free'), 'runExclusive after errors (lock leaked?)'), 'free');
    assert.equal(await within(lock.runShared(() => 'free'), 'runShared after errors (lock leaked?)'), 'free');
  });

  add('basic', 'runs every function exactly once under load', async () => {
    const lock = await make();
    const calls = new Array<number>(contenders * 2).fill(0);
    await within(
      Promise.all(
        calls.map((_, i) =>
          (i % 2 === 0 ? lock.runExclusive.bind(lock) : lock.runShared.bind(lock))(async () => {
            calls[i] = (calls[i] ?? 0) + 1;
            await yieldToEventLoop();
          }),
        ),
      ),
      'concurrent calls',
    );
    assert.deepEqual(calls, new Array<number>(calls.length).fill(1));
  });

}
