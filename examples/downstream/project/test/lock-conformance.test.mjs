// @ts-check
// The lock conformance suite of @soni/testing, run with node:test's own describe/it: it
// registers only the tests for what the lock claims.
import { describe, it } from 'node:test';
import { lockConformanceSuite, runLockConformance } from '@soni/testing';
import { PromiseChainMutex } from '../src/promise-chain-mutex.mjs';

lockConformanceSuite({ describe, it }, 'PromiseChainMutex', () => new PromiseChainMutex(), {
  mutualExclusion: true, // the default: holders never overlap
  sharedConcurrency: false, // a mutex: shared holders are serialised too
  fifo: true,
  timeouts: true,
  abort: true,
  asyncContext: true, // each waiter's `then` runs in its own caller's context
  // Not claimed, so not tested: writerPreference (no shared mode), reentrancy and
  // selfDeadlockDetection (a nested runExclusive on this lock deadlocks).
});

// The suite has teeth: a lock that coordinates nothing but claims to exclude fails it.
describe('the lock suite catches a broken lock', () => {
  it('fails a no-op lock that claims mutual exclusion', async () => {
    /** @type {import('@soni/core').LockStrategy} */
    const broken = { kind: 'broken', runExclusive: async (fn) => fn(), runShared: async (fn) => fn() };
    const report = await runLockConformance(() => broken, { mutualExclusion: true });
    const failedClaims = new Set(report.failed.map((failure) => failure.claim));
    if (!failedClaims.has('mutualExclusion')) throw new Error(`expected mutualExclusion failures, got ${JSON.stringify([...failedClaims])}`);
  });
});
