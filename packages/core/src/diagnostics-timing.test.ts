/**
 * The times that diagnostics report (lock waits and holds, execution durations, how long an
 * abandoned action had run), measured on a clock that the test moves by hand and that starts
 * far from zero, as `performance.now()` does in a process that has run for a while.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ActionHandler } from './action-handler';
import { ActionRegistry } from './action-registry';
import { LOCK_CHANNELS } from './lock-diagnostics';
import { REGISTRY_CHANNELS, withSubscriberCheck } from './registry-diagnostics';
import { engineLock, gate, recordingLogger } from './test-support.fixture';

let clock = 0;

/** Collects the messages of `names` as `[channel, message]` until `stop()`. */
function listen(names: readonly string[]): { events: [string, Record<string, unknown>][]; stop: () => void } {
  const events: [string, Record<string, unknown>][] = [];
  const listeners = names.map((name) => {
    const listener = (message: unknown): void => {
      events.push([name, message as Record<string, unknown>]);
    };
    subscribe(name, listener);
    return () => unsubscribe(name, listener);
  });
  return {
    events,
    stop: () => {
      for (const stop of listeners) stop();
    },
  };
}

const flush = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

beforeEach(() => {
  clock = 5_000_000;
  vi.spyOn(performance, 'now').mockImplementation(() => clock);
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('lock diagnostics timings', () => {
  it('grant waits and hold times are differences of the clock', async () => {
    const { events, stop } = listen([LOCK_CHANNELS.grant, LOCK_CHANNELS.release]);
    try {
      const lock = engineLock('rwlock', { detectReentrancy: false });
      const first = gate();
      const second = gate();
      const holder = lock.runExclusive(() => first.promise);
      clock += 10;
      const waiter = lock.runShared(() => second.promise);
      clock += 30;
      first.open();
      await holder;
      await flush();
      clock += 5;
      second.open();
      await waiter;
      expect(events.map(([name, e]) => [name, e.mode, e.waitMs ?? e.holdMs])).toEqual([
        [LOCK_CHANNELS.grant, 'exclusive', 0],
        [LOCK_CHANNELS.release, 'exclusive', 40],
        [LOCK_CHANNELS.grant, 'shared', 30],
        [LOCK_CHANNELS.release, 'shared', 5],
      ]);
    } finally {
      stop();
    }
  });

  it('a timeout and an abort report how long the waiter waited', async () => {
    const { events, stop } = listen([LOCK_CHANNELS.timeout, LOCK_CHANNELS.abort]);
    try {
      const lock = engineLock('mutex', { detectReentrancy: false });
      const held = gate();
      const holder = lock.runExclusive(() => held.promise);
      const timedOut = lock.runExclusive(() => 'never', { timeoutMs: 25 }).catch(() => 'timed out');
      clock += 25;
      await vi.advanceTimersByTimeAsync(25);
      const controller = new AbortController();
      const aborted = lock.runExclusive(() => 'never', { signal: controller.signal }).catch(() => 'aborted');
      clock += 7;
      controller.abort(new Error('stop'));
      const before = new AbortController();
      before.abort(new Error('already'));
      const refused = lock.runExclusive(() => 'never', { signal: before.signal }).catch(() => 'refused');
      expect(await Promise.all([timedOut, aborted, refused])).toEqual(['timed out', 'aborted', 'refused']);
      held.open();
      await holder;
      expect(events.map(([name, e]) => [name, e.waitMs, e.timeoutMs])).toEqual([
        [LOCK_CHANNELS.timeout, 25, 25],
        [LOCK_CHANNELS.abort, 7, undefined],
        [LOCK_CHANNELS.abort, 0, undefined],
      ]);
    } finally {
      stop();
    }
  });
});

describe('registry diagnostics timings', () => {
  it("an execution's traced duration covers the lock wait and the run", async () => {
    const { events, stop } = listen([`tracing:${REGISTRY_CHANNELS.execute}:asyncEnd`]);
    try {
      const lock = engineLock('rwlock', { detectReentrancy: false });
      const registry = new ActionRegistry({ lock });
      const release = gate();
      registry.registerLocal('job', async () => {
        await release.promise;
        return {};
      });
      const held = gate();
      const transaction = registry.transaction(() => held.promise);
      const execution = new ActionHandler(registry).execute('job');
      clock += 8;
      held.open();
      await transaction;
      await flush();
      clock += 12;
      release.open();
      await execution;
      expect(events.map(([, e]) => e.durationMs)).toEqual([20]);
    } finally {
      stop();
    }
  });

  it("a failed execution's traced duration is measured the same way", async () => {
    const { events, stop } = listen([`tracing:${REGISTRY_CHANNELS.execute}:asyncEnd`]);
    try {
      const registry = new ActionRegistry();
      const release = gate();
      registry.registerLocal('fails', async () => {
        await release.promise;
        throw new Error('no');
      });
      const execution = new ActionHandler(registry).execute('fails').catch(() => 'failed');
      clock += 7;
      release.open();
      expect(await execution).toBe('failed');
      expect(events.map(([, e]) => e.durationMs)).toEqual([7]);
    } finally {
      stop();
    }
  });

  it('an abandoned action reports how long it had run when its caller gave up', async () => {
    const { events, stop } = listen([REGISTRY_CHANNELS.abandoned]);
    const logger = recordingLogger();
    try {
      const registry = new ActionRegistry({ logger });
      const release = gate();
      registry.registerLocal('stuck', async () => {
        await release.promise;
        return {};
      });
      clock += 3; // the deadline is armed at the call; the run starts later
      const outcome = new ActionHandler(registry).execute('stuck', {}, { timeoutMs: 50 }).catch((error: unknown) => error);
      await flush();
      clock += 50;
      await vi.advanceTimersByTimeAsync(50);
      expect(await outcome).toMatchObject({ code: 'TIMEOUT' });
      release.open();
      expect(events.map(([, e]) => e)).toEqual([{ action: 'stuck', scope: 'local', runningMs: 50, code: 'TIMEOUT' }]);
      expect(logger.text()).toContain('after running 50 ms');
    } finally {
      stop();
    }
  });
});

describe('execution tracing', () => {
  it.each(['start', 'end', 'asyncStart', 'asyncEnd', 'error'])('a subscriber to %s alone is enough to have executions traced', async (event) => {
    const { events, stop } = listen([`tracing:${REGISTRY_CHANNELS.execute}:${event}`]);
    try {
      const registry = new ActionRegistry();
      registry.registerLocal('fails', () => {
        throw new Error('no');
      });
      await new ActionHandler(registry).execute('fails').catch(() => undefined);
      expect(events.map(([, e]) => e.action)).toEqual(['fails']);
    } finally {
      stop();
    }
  });
});

describe('the subscriber check for tracing channels without a native one', () => {
  it('says yes when any one of the five channels has subscribers, and no when none has', () => {
    const names = ['start', 'end', 'asyncStart', 'asyncEnd', 'error'] as const;
    const fake = (busy: string | undefined): object => Object.fromEntries(names.map((name) => [name, { hasSubscribers: name === busy }]));
    const check = (traced: object): unknown => (withSubscriberCheck(traced as never) as { hasSubscribers?: unknown }).hasSubscribers;
    expect(names.map((name) => check(fake(name)))).toEqual([true, true, true, true, true]);
    expect(check(fake(undefined))).toBe(false);
  });
});
