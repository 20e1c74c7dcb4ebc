import { afterEach, describe, expect, it, vi } from 'vitest';
import { onAbort } from './abort-subscriptions';
import { ActionHandler } from './action-handler';
import { ActionRegistry } from './action-registry';
import { InvalidArgumentError } from './errors';
import { assertOptionsObject, readLockOptions } from './option-checks';
import { selfDeadlockDetectionDefault } from './self-deadlock-detection';
import { engineLock, gate } from './test-support.fixture';
import { MAX_TIMER_DELAY_MS, startTimer } from './timers';
import { escapeControlCharacters, userText } from './user-text';

afterEach(() => {
  vi.useRealTimers();
});

describe('timeouts longer than Node timers allow (2^31 - 1 ms)', () => {
  it('startTimer honours a 3e9 ms delay instead of firing after 1 ms', () => {
    vi.useFakeTimers();
    const fired = vi.fn();
    startTimer(fired, 3_000_000_000);
    vi.advanceTimersByTime(MAX_TIMER_DELAY_MS);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(3_000_000_000 - MAX_TIMER_DELAY_MS);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it('a long timer can be cancelled in either stretch', () => {
    vi.useFakeTimers();
    const fired = vi.fn();
    const cancel = startTimer(fired, 5_000_000_000);
    vi.advanceTimersByTime(MAX_TIMER_DELAY_MS + 10);
    cancel();
    vi.advanceTimersByTime(5_000_000_000);
    expect(fired).not.toHaveBeenCalled();
  });

  it('execute and the lock honour timeoutMs: 3e9 (no false TIMEOUT, no TimeoutOverflowWarning)', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => {
      warnings.push(warning.name);
    };
    process.on('warning', onWarning);
    try {
      const lock = engineLock('mutex');
      const registry = new ActionRegistry({ lock });
      registry.registerLocal('slowish', async () => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        return { ok: true };
      });
      const handler = new ActionHandler(registry, { timeoutMs: 3_000_000_000 });
      await expect(handler.execute('slowish')).resolves.toEqual({ ok: true });
      await expect(handler.execute('slowish', {}, { timeoutMs: 3_000_000_000 })).resolves.toEqual({ ok: true });
      // A queued lock waiter with a huge timeout waits instead of giving up at once.
      const held = gate();
      const holder = lock.runExclusive(() => held.promise);
      const waiter = lock.runExclusive(() => 'got it', { timeoutMs: 3_000_000_000 });
      await new Promise((resolve) => setTimeout(resolve, 20));
      held.open();
      await holder;
      await expect(waiter).resolves.toBe('got it');
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).not.toContain('TimeoutOverflowWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });
});

describe('the one options check', () => {
  it('rejects unknown keys (a typo must not wait forever)', () => {
    expect(() => readLockOptions({ timeoutMS: 10 }, 'lock.runExclusive()')).toThrow(
      "lock.runExclusive(): unknown option 'timeoutMS' (valid options: signal, timeoutMs)",
    );
    expect(() => { assertOptionsObject([], 'x()', []); }).toThrow(InvalidArgumentError);
    expect(() => { assertOptionsObject(null, 'x()', []); }).toThrow('x(): options must be an object, got null');
  });

  it('reads each option exactly once and returns a copy', () => {
    let reads = 0;
    const options = {
      get timeoutMs(): number {
        reads++;
        // A getter that answers the check one value and the use another.
        return reads === 1 ? 10 : -1;
      },
    };
    const read = readLockOptions(options, 'x()');
    expect(read).toEqual({ timeoutMs: 10 });
    expect(reads).toBe(1);
    expect(read).not.toBe(options);
  });

  it('execute reads its options once too', async () => {
    const registry = new ActionRegistry();
    registry.registerLocal('x', () => ({}));
    let reads = 0;
    const options = {
      get timeoutMs(): number {
        reads++;
        return 1000;
      },
    };
    await new ActionHandler(registry).execute('x', {}, options);
    expect(reads).toBe(1);
  });
});

describe('one abort listener per signal', () => {
  it('runs every callback once, in order, and unsubscribed ones not at all', () => {
    const controller = new AbortController();
    const calls: number[] = [];
    onAbort(controller.signal, () => calls.push(1));
    const stop = onAbort(controller.signal, () => calls.push(2));
    onAbort(controller.signal, () => calls.push(3));
    stop();
    controller.abort();
    controller.abort();
    expect(calls).toEqual([1, 3]);
  });
});

describe('user text in messages', () => {
  it('escapes control, separator and bidi characters so nothing can forge a line', () => {
    expect(escapeControlCharacters('evil\nINFO forged\r\x1b[31m\u2028\u202e')).toBe('evil\\nINFO forged\\r\\x1b[31m\\u2028\\u202e');
    expect(escapeControlCharacters('plain ünïcode 名前')).toBe('plain ünïcode 名前');
  });

  it('truncates long text and says how long it was', () => {
    const text = userText('x'.repeat(1_000_000));
    expect(text.length).toBeLessThan(160);
    expect(text).toMatch(/… \(1000000 characters\)$/);
  });

  it('execute never echoes a 1 MB name whole', async () => {
    const registry = new ActionRegistry();
    const error = await new ActionHandler(registry).execute('n'.repeat(1_000_000)).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as Error).message.length).toBeLessThan(300);
    const notFound = await new ActionHandler(registry).execute('n'.repeat(250)).catch((e: unknown) => e);
    expect((notFound as { code: string }).code).toBe('NOT_FOUND');
    expect((notFound as Error).message.length).toBeLessThan(200);
    expect((notFound as { action: string }).action).toHaveLength(250);
  });
});

describe('self-deadlock detection default', () => {
  const rule = (env: Record<string, string>, execArgv: string[] = [], nodeVersion = '20.20.0') =>
    selfDeadlockDetectionDefault({ env, execArgv, nodeVersion });

  it('is off in production and where nothing says otherwise', () => {
    expect(rule({ NODE_ENV: 'production' })).toEqual({ enabled: false, reason: 'production' });
    expect(rule({})).toEqual({ enabled: false, reason: 'production' });
  });

  it('is on under test runners and in test/development', () => {
    expect(rule({ VITEST: 'true', NODE_ENV: 'production' })).toEqual({ enabled: true, reason: 'test-runner' });
    expect(rule({ NODE_TEST_CONTEXT: 'child-v8' })).toEqual({ enabled: true, reason: 'test-runner' });
    expect(rule({}, ['--test'])).toEqual({ enabled: true, reason: 'test-runner' });
    expect(rule({ JEST_WORKER_ID: '1' })).toEqual({ enabled: true, reason: 'test-runner' });
    expect(rule({ NODE_ENV: 'Development' })).toEqual({ enabled: true, reason: 'node-env' });
    expect(rule({ NODE_ENV: 'test' })).toEqual({ enabled: true, reason: 'node-env' });
  });

  it('is on where AsyncContextFrame makes it cheap', () => {
    expect(rule({ NODE_ENV: 'production' }, [], '24.1.0')).toEqual({ enabled: true, reason: 'async-context-frame' });
    expect(rule({ NODE_ENV: 'production' }, ['--no-async-context-frame'], '24.1.0')).toEqual({ enabled: false, reason: 'production' });
    expect(rule({ NODE_ENV: 'production', NODE_OPTIONS: '--experimental-async-context-frame' }, [], '22.12.0')).toEqual({
      enabled: true,
      reason: 'async-context-frame',
    });
    expect(rule({ NODE_ENV: 'production' }, [], '22.12.0')).toEqual({ enabled: false, reason: 'production' });
  });

  it('answers for the current process when asked without arguments (vitest here)', () => {
    expect(selfDeadlockDetectionDefault()).toEqual({ enabled: true, reason: 'test-runner' });
  });
});
