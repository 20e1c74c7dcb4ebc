import assert from 'node:assert/strict';
import { AsyncLocalStorage } from 'node:async_hooks';
import { yieldToEventLoop } from '../timing';
import type { LockCapabilities } from './capabilities';
import { assertRejectsWithCode, deferred, handled, settle, type LockSuiteContext } from './context';

/** Nested requests (re-entrancy or self-deadlock detection) and the async context of grants. */
export function addNestingScenarios(ctx: LockSuiteContext, caps: Required<LockCapabilities>): void {
  const { add, make, within, contenders } = ctx;

  if (caps.reentrancy) {
    add('reentrancy', 're-enters runExclusive nested in the same call chain', async () => {
      const lock = await make();
      const value = await within(
        lock.runExclusive(async () => {
          await yieldToEventLoop();
          return lock.runExclusive(() => 'inner');
        }),
        'nested runExclusive (deadlocked?)',
      );
      assert.equal(value, 'inner');
    });

    add('reentrancy', 'still excludes other call chains while re-entered', async () => {
      const lock = await make();
      const release = deferred();
      let otherRan = false;
      const outer = handled(lock.runExclusive(() => lock.runExclusive(() => release.promise)));
      await settle();
      const other = handled(lock.runExclusive(() => {
        otherRan = true;
      }));
      await settle();
      assert.ok(!otherRan, 'another call chain entered while the lock was held re-entrantly');
      release.resolve();
      await within(Promise.all([outer, other]), 'release of the re-entrant holder');
      assert.ok(otherRan);
    });
  }

  if (caps.selfDeadlockDetection) {
    add('selfDeadlockDetection', "rejects a nested runExclusive with code 'LOCK_REENTRANCY' instead of hanging", async () => {
      const lock = await make();
      await within(
        assertRejectsWithCode(
          lock.runExclusive(() => lock.runExclusive(() => 'never')),
          'LOCK_REENTRANCY',
          'nested runExclusive',
        ),
        'nested runExclusive (deadlocked instead of being detected)',
      );
      assert.equal(await within(lock.runExclusive(() => 'ok'), 'lock after a detected self-deadlock'), 'ok');
    });
  }

  if (caps.asyncContext) {
    add('asyncContext', "runs each queued function in its own caller's AsyncLocalStorage context", async () => {
      const lock = await make();
      const request = new AsyncLocalStorage<string>();
      const ids = Array.from({ length: Math.max(3, Math.min(contenders, 6)) }, (_, i) => `request-${i}`);
      const seen: { id: string; saw: string | undefined }[] = [];
      await within(
        Promise.all(
          ids.map((id) =>
            request.run(id, () =>
              lock.runExclusive(async () => {
                seen.push({ id, saw: request.getStore() });
                await yieldToEventLoop();
              }),
            ),
          ),
        ),
        'contending requests',
      );
      const wrong = seen.filter(({ id, saw }) => saw !== id).map(({ id, saw }) => `${id} ran in ${saw ?? 'no context'}`);
      assert.deepEqual(wrong, [], `queued functions ran in another request's context: ${wrong.join('; ')}`);
      assert.equal(seen.length, ids.length, 'every request ran once');
    });
  }
}
