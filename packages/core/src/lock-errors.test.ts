import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from './errors';
import { LockAbortedError, LockConfigError, LockContractError, LockReentrancyError, LockTimeoutError } from './lock-errors';
import { resolveLockOptions, type QueuedLockOptions } from './lock-options';

const samples = {
  config: new LockConfigError('timeoutMs', -1, 'a finite number'),
  timeout: new LockTimeoutError('mutex', 'exclusive', 50),
  aborted: new LockAbortedError('rwlock', 'shared', new Error('stop')),
  reentrancy: new LockReentrancyError('mutex', 'exclusive', 'exclusive', false),
  contract: new LockContractError('custom', 'resolved without running the function'),
};
const checks = {
  config: (value: unknown) => LockConfigError.isInstance(value),
  timeout: (value: unknown) => LockTimeoutError.isInstance(value),
  aborted: (value: unknown) => LockAbortedError.isInstance(value),
  reentrancy: (value: unknown) => LockReentrancyError.isInstance(value),
  contract: (value: unknown) => LockContractError.isInstance(value),
};

describe('lock errors', () => {
  it('each isInstance recognises its own class and no other lock error', () => {
    for (const [name, check] of Object.entries(checks)) {
      for (const [other, error] of Object.entries(samples)) {
        expect(check(error), `${name}.isInstance(${other})`).toBe(name === other);
      }
    }
  });

  it('LockConfigError is a typed InvalidArgumentError naming the field, the value and what was expected', () => {
    const error = new LockConfigError('mode', 'sideways', "'mutex' or 'rwlock'", { cause: 'why' });
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error.code).toBe('LOCK_CONFIG');
    expect([error.field, error.value, error.expected, error.cause]).toEqual(['mode', 'sideways', "'mutex' or 'rwlock'", 'why']);
    expect(error.message).toBe("Invalid lock mode: 'sideways'; expected 'mutex' or 'rwlock'");
  });

  it('LockTimeoutError says how long it waited when it knows', () => {
    expect(samples.timeout.message).toBe('Timed out after 50 ms waiting for the mutex lock (exclusive)');
    expect([samples.timeout.code, samples.timeout.mode, samples.timeout.timeoutMs]).toEqual(['LOCK_TIMEOUT', 'exclusive', 50]);
    const unknown = new LockTimeoutError('async-mutex', 'shared', undefined, { cause: 'E_TIMEOUT' });
    expect(unknown.message).toBe('Timed out waiting for the async-mutex lock (shared)');
    expect([unknown.timeoutMs, unknown.cause]).toEqual([undefined, 'E_TIMEOUT']);
  });

  it("LockAbortedError keeps the signal's reason as its cause", () => {
    expect(samples.aborted.message).toBe('Aborted while waiting for the rwlock lock (shared)');
    expect([samples.aborted.code, samples.aborted.mode]).toEqual(['LOCK_ABORTED', 'shared']);
    expect(samples.aborted.cause).toEqual(new Error('stop'));
  });

  it('LockReentrancyError explains the way out for a non-re-entrant lock and the upgrade for a re-entrant one', () => {
    expect(samples.reentrancy.message).toMatch(/^Self-deadlock: exclusive mutex lock requested inside a exclusive hold of the same lock; the lock is not re-entrant/);
    expect(samples.reentrancy.message).toMatch(/runOutsideLocks/);
    const upgrade = new LockReentrancyError('rwlock', 'shared', 'exclusive', true);
    expect(upgrade.message).toMatch(/a shared hold cannot be upgraded to exclusive$/);
    expect([upgrade.code, upgrade.heldMode, upgrade.requestedMode]).toEqual(['LOCK_REENTRANCY', 'shared', 'exclusive']);
  });

  it('LockContractError names the strategy and what it broke', () => {
    expect(samples.contract.message).toBe("The 'custom' lock strategy broke its contract: resolved without running the function");
    expect([samples.contract.code, samples.contract.kind]).toEqual(['LOCK_CONTRACT', 'custom']);
  });
});

describe('resolveLockOptions', () => {
  function configError(options: unknown): LockConfigError {
    try {
      resolveLockOptions(options as QueuedLockOptions);
    } catch (error) {
      if (LockConfigError.isInstance(error)) return error;
      throw error;
    }
    throw new Error('expected a LockConfigError');
  }

  it('takes no options, or an empty object, with the defaults', () => {
    for (const options of [undefined, {}]) {
      const resolved = resolveLockOptions(options);
      expect([resolved.timeoutMs, resolved.reentrant, resolved.starvationWarningMs]).toEqual([undefined, false, 1000]);
    }
  });

  it('rejects options that are not a plain object', () => {
    for (const options of [null, 5, 'mutex', [], () => undefined]) {
      const error = configError(options);
      expect([error.field, error.expected]).toEqual(['options', 'an object']);
    }
  });

  it('rejects an unknown field, listing the known ones', () => {
    const error = configError({ timeoutMS: 5 });
    expect([error.field, error.value]).toEqual(['field', 'timeoutMS']);
    expect(error.expected).toBe("one of 'timeoutMs', 'reentrant', 'detectReentrancy', 'starvationWarningMs'");
  });

  it('checks each value and names the field', () => {
    expect(configError({ timeoutMs: -1 }).field).toBe('timeoutMs');
    expect(configError({ timeoutMs: Number.POSITIVE_INFINITY }).field).toBe('timeoutMs');
    expect(configError({ timeoutMs: '5' }).field).toBe('timeoutMs');
    expect(configError({ starvationWarningMs: Number.NaN }).field).toBe('starvationWarningMs');
    expect(configError({ reentrant: 'yes' }).field).toBe('reentrant');
    expect(configError({ detectReentrancy: 1 }).field).toBe('detectReentrancy');
    const contradiction = configError({ reentrant: true, detectReentrancy: false });
    expect([contradiction.field, contradiction.expected]).toEqual(['detectReentrancy', 'true when reentrant is true']);
  });

  it('takes zero and explicit values as given', () => {
    const resolved = resolveLockOptions({ timeoutMs: 0, starvationWarningMs: 0, detectReentrancy: false });
    expect([resolved.timeoutMs, resolved.starvationWarningMs, resolved.detectReentrancy, resolved.detectionSource]).toEqual([0, 0, false, 'option']);
  });

  it('turns detection on for a re-entrant lock, and says the option decided it', () => {
    const resolved = resolveLockOptions({ reentrant: true });
    expect([resolved.reentrant, resolved.detectReentrancy, resolved.detectionSource]).toEqual([true, true, 'option']);
    expect(resolveLockOptions({ detectReentrancy: true }).detectionSource).toBe('option');
  });

  it('otherwise follows the default rule, which is on under this test runner', () => {
    const resolved = resolveLockOptions(undefined);
    expect(resolved.detectReentrancy).toBe(true);
    expect(resolved.detectionSource).not.toBe('option');
  });
});
