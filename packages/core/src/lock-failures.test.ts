import { describe, expect, it } from 'vitest';
import { ActionHandler } from './action-handler';
import { ActionRegistry } from './action-registry';
import type { ActionFunc } from './action-types';
import { ActionError } from './errors';
import { LockAbortedError, LockReentrancyError, LockTimeoutError } from './lock-errors';
import type { LockStrategy } from './lock-strategy';
import { recordingLogger } from './test-support.fixture';

const ok: ActionFunc = () => ({ ok: true });

/** A lock that refuses every request with `error`. */
function refusing(error: unknown): LockStrategy {
  // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- a custom lock may reject with anything: that is the case under test
  const run = (): Promise<never> => Promise.reject(error);
  return { kind: 'refusing', runExclusive: run, runShared: run };
}

async function failureUnder(error: unknown): Promise<ActionError> {
  const registry = new ActionRegistry({ lock: refusing(error), logger: recordingLogger() });
  registry.registerLocal('greet', ok);
  const failure: unknown = await new ActionHandler(registry).execute('greet', {}).catch((e: unknown) => e);
  if (!ActionError.isInstance(failure)) throw new Error(`expected an ActionError, got ${String(failure)}`);
  return failure;
}

describe("what an execution reports when the lock refuses it on its own (not the execution's deadline)", () => {
  it("the lock's own timeout: TIMEOUT, naming the lock, with the lock's error as cause", async () => {
    const cause = new LockTimeoutError('refusing', 'shared', 5);
    const failure = await failureUnder(cause);
    expect([failure.code, failure.message, failure.cause]).toEqual(['TIMEOUT', "Action 'greet' timed out waiting for the refusing lock", cause]);
  });

  it('an abort the lock saw: ABORTED, with the cause', async () => {
    const cause = new LockAbortedError('refusing', 'shared', new Error('stop'));
    const failure = await failureUnder(cause);
    expect([failure.code, failure.message, failure.cause]).toEqual(['ABORTED', "Action 'greet' was aborted while waiting for the lock", cause]);
  });

  it("a self-deadlock: LOCK_REENTRANCY, with the lock's explanation", async () => {
    const cause = new LockReentrancyError('refusing', 'exclusive', 'shared', false);
    const failure = await failureUnder(cause);
    expect(failure.code).toBe('LOCK_REENTRANCY');
    expect(failure.message).toBe(`Action 'greet' was not run: ${cause.message}`);
    expect(failure.cause).toBe(cause);
  });

  it('anything else, even a value whose code cannot be read: LOCK_FAILED', async () => {
    const hostile = {
      get code(): never {
        throw new Error('no code for you');
      },
    };
    for (const error of [hostile, null, 'plain string', new Error('redis down')]) {
      const failure = await failureUnder(error);
      expect(failure.code).toBe('LOCK_FAILED');
      expect(failure.cause).toBe(error);
    }
  });
});
