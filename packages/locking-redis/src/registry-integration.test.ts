/**
 * With the registry: a lost lease aborts the action's `context.signal` (core links the
 * hold's signal into it) and fails the execution with `LOCK_FAILED`, and a transaction whose
 * lease was lost commits nothing. The same scenarios with the hold intact show the
 * difference.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionError, ActionHandler, ActionRegistry, type Logger } from '@soni/core';
import { Redis } from 'ioredis';
import { LockLeaseLostError } from './redis-lock-errors';
import { RedisLock } from './redis-lock';
import { TestRedisServer, hasRedisServer } from './redis-server.fixture';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const quiet: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

describe.runIf(hasRedisServer)('Redis lock with the registry', () => {
  let server: TestRedisServer;
  let redis: Redis;
  let shared: RedisLock | undefined;
  beforeAll(async () => {
    server = await TestRedisServer.start();
    redis = new Redis({ port: server.port });
  });
  afterAll(async () => {
    await shared?.close();
    redis.disconnect();
    await server.stop();
  });
  // Made by the first test that needs it, not at set-up: code run outside any test counts, for
  // mutation testing, as covered by every test (a "static" mutant runs the whole suite).
  const lockOf = (): RedisLock => (shared ??= new RedisLock(new Redis({ port: server.port }), { key: 'registry', mode: 'mutex', leaseMs: 1000 }));
  /** Makes Redis forget the current hold, as a restart that lost the data would. */
  const loseHold = (): Promise<number> => redis.del('{registry}:writer');

  const runAction = async (lose: boolean): Promise<{ outcome: unknown; sawAbort: unknown }> => {
    const registry = new ActionRegistry({ lock: lockOf(), logger: quiet });
    let sawAbort: unknown = 'not aborted';
    registry.registerLocal('charge', async (_inputs, context) => {
      if (lose) await loseHold();
      await sleep(500);
      if (context.signal.aborted) sawAbort = context.signal.reason;
      return { charged: true };
    });
    const outcome = await new ActionHandler(registry).execute('charge', {}).catch((e: unknown) => e);
    return { outcome, sawAbort };
  };

  it('a lost lease aborts context.signal with LockLeaseLostError and fails the execution with LOCK_FAILED', async () => {
    const { outcome, sawAbort } = await runAction(true);
    expect(LockLeaseLostError.isInstance(sawAbort)).toBe(true);
    expect(ActionError.isInstance(outcome)).toBe(true);
    expect(outcome).toMatchObject({ code: 'LOCK_FAILED', action: 'charge' });
    expect((outcome as ActionError).cause).toBe(sawAbort);
  });

  it('with the lease kept, the same action runs with its signal intact and succeeds', async () => {
    const { outcome, sawAbort } = await runAction(false);
    expect(sawAbort).toBe('not aborted');
    expect(outcome).toEqual({ charged: true });
  });

  const transaction = async (lose: boolean): Promise<{ outcome: unknown; committed: boolean }> => {
    const registry = new ActionRegistry({ lock: lockOf(), logger: quiet });
    const outcome = await registry
      .transaction(async (tx) => {
        tx.register('reloaded', () => ({ version: 2 }));
        if (lose) await loseHold();
        await sleep(500);
        return 'done';
      })
      .catch((e: unknown) => e);
    return { outcome, committed: registry.has('reloaded') };
  };

  it('a transaction whose lease was lost commits nothing and rejects with the loss', async () => {
    const { outcome, committed } = await transaction(true);
    expect(committed).toBe(false);
    expect(LockLeaseLostError.isInstance(outcome)).toBe(true);
  });

  it('with the lease kept, the same transaction commits', async () => {
    expect(await transaction(false)).toEqual({ outcome: 'done', committed: true });
  });
});
