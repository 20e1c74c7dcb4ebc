// Run by zero-cost-default.test.ts with `node --test` (no NODE_ENV, no vitest): under
// node:test, self-deadlock detection is on by default, so a nested request fails fast.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLock } from '@soni/locking';

test('a nested runExclusive under node:test is rejected, not hung', async () => {
  const lock = createLock('mutex');
  assert.deepEqual(lock.query().detection, { enabled: true, source: 'test-runner' });
  await assert.rejects(
    lock.runExclusive(() => lock.runExclusive(() => 1)),
    (error) => error.code === 'LOCK_REENTRANCY',
  );
});
