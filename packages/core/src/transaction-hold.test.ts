import { describe, expect, it } from 'vitest';
import { ActionRegistry } from './action-registry';
import type { ActionFunc } from './action-types';
import { LockContractError } from './lock-errors';
import type { LockStrategy, LockedFunction } from './lock-strategy';
import { recordingLogger } from './test-support.fixture';

const ok: ActionFunc = () => ({ ok: true });

/** A lock whose hold is lost (its signal aborted) while the transaction's body runs. */
function losingLock(reason: Error): LockStrategy {
  const run = async <T>(fn: LockedFunction<T>): Promise<T> => {
    const controller = new AbortController();
    const running = fn({ signal: controller.signal });
    controller.abort(reason);
    return running;
  };
  return { kind: 'losing', runExclusive: run, runShared: run };
}

describe('a transaction and the lock hold it runs under', () => {
  it('commits nothing when the hold was lost before the body finished, and rejects with the reason', async () => {
    const lost = new Error('lease lost');
    const registry = new ActionRegistry({ lock: losingLock(lost), logger: recordingLogger() });
    registry.registerLocal('kept', ok);
    await expect(
      registry.transaction(async (tx) => {
        tx.register('added', ok);
        tx.unregister('kept');
        await Promise.resolve();
      }),
    ).rejects.toBe(lost);
    expect(registry.listActions().local).toEqual(['kept']);
  });

  it('commits when the hold is intact', async () => {
    const registry = new ActionRegistry({ logger: recordingLogger() });
    await registry.transaction((tx) => {
      tx.register('added', ok);
    });
    expect(registry.listActions().local).toEqual(['added']);
  });

  it("names a lock that resolved with something else than the body's result", async () => {
    const liar: LockStrategy = {
      kind: 'liar',
      runExclusive: async <T>(fn: LockedFunction<T>): Promise<T> => {
        await fn(undefined);
        return 42 as T;
      },
      runShared: async <T>(fn: LockedFunction<T>): Promise<T> => fn(undefined),
    };
    const registry = new ActionRegistry({ lock: liar, logger: recordingLogger() });
    const error: unknown = await registry.transaction(() => 'result').catch((e: unknown) => e);
    expect(LockContractError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe("The 'liar' lock strategy broke its contract: runExclusive resolved with 42 instead of the transaction's result");
  });
});
