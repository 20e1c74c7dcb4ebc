import { channel, subscribe, unsubscribe } from 'node:diagnostics_channel';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { gate, settle } from './flawed-lock.fixture';
import { LOCK_CHANNELS } from '@soni/core';
import { MutexLock } from './mutex-lock';
import { ReadWriteLock } from './read-write-lock';

const names = Object.keys(LOCK_CHANNELS) as (keyof typeof LOCK_CHANNELS)[];

describe('diagnostics channels', () => {
  const subscriptions: [string, (message: unknown) => void][] = [];
  const record = (): { event: string; message: Record<string, unknown> }[] => {
    const events: { event: string; message: Record<string, unknown> }[] = [];
    for (const name of names) {
      const listener = (message: unknown): void => {
        events.push({ event: name, message: message as Record<string, unknown> });
      };
      subscribe(LOCK_CHANNELS[name], listener);
      subscriptions.push([LOCK_CHANNELS[name], listener]);
    }
    return events;
  };

  afterEach(() => {
    for (const [name, listener] of subscriptions.splice(0)) unsubscribe(name, listener);
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('has stable names', () => {
    expect(LOCK_CHANNELS).toEqual({
      request: 'soni:lock:request',
      grant: 'soni:lock:grant',
      release: 'soni:lock:release',
      timeout: 'soni:lock:timeout',
      abort: 'soni:lock:abort',
      starvation: 'soni:lock:writer-starved',
    });
  });

  it('publishes request, grant and release with wait and hold times', async () => {
    vi.useFakeTimers({ toFake: ['performance', 'setTimeout', 'clearTimeout'] });
    const events = record();
    const lock = new ReadWriteLock();
    const held = gate();
    const writer = lock.runExclusive(() => held.promise);
    const reader = lock.runShared(() => 'read');
    await settle();
    vi.advanceTimersByTime(40);
    held.open();
    await Promise.all([writer, reader]);
    expect(events.map((e) => `${e.event}:${String(e.message.mode)}`)).toEqual([
      'request:exclusive',
      'grant:exclusive',
      'request:shared',
      'release:exclusive',
      'grant:shared',
      'release:shared',
    ]);
    const grantShared = events.find((e) => e.event === 'grant' && e.message.mode === 'shared');
    const releaseExclusive = events.find((e) => e.event === 'release' && e.message.mode === 'exclusive');
    expect(grantShared?.message).toMatchObject({ lock, kind: 'rwlock', waitMs: 40 });
    expect(releaseExclusive?.message).toMatchObject({ lock, kind: 'rwlock', holdMs: 40 });
  });

  it('publishes timeout and abort with the wait time', async () => {
    vi.useFakeTimers({ toFake: ['performance', 'setTimeout', 'clearTimeout'] });
    const events = record();
    const lock = new MutexLock();
    const held = gate();
    const holder = lock.runExclusive(() => held.promise);
    const controller = new AbortController();
    const timedOut = lock.runExclusive(() => 1, { timeoutMs: 25 }).catch(() => 'timed out');
    const aborted = lock.runShared(() => 1, { signal: controller.signal }).catch(() => 'aborted');
    await vi.advanceTimersByTimeAsync(25);
    vi.advanceTimersByTime(5);
    controller.abort('stop');
    expect([await timedOut, await aborted]).toEqual(['timed out', 'aborted']);
    held.open();
    await holder;
    expect(events.find((e) => e.event === 'timeout')?.message).toMatchObject({ kind: 'mutex', waitMs: 25, timeoutMs: 25 });
    expect(events.find((e) => e.event === 'abort')?.message).toMatchObject({ kind: 'mutex', waitMs: 30, reason: 'stop' });
  });

  it('builds nothing when nobody subscribes', async () => {
    const spies = names.map((name) => vi.spyOn(channel(LOCK_CHANNELS[name]), 'publish'));
    const clock = vi.spyOn(performance, 'now');
    const lock = new ReadWriteLock();
    await Promise.all([lock.runExclusive(() => 1), lock.runShared(() => 2), lock.runExclusive(() => 3)]);
    expect(spies.map((spy) => spy.mock.calls.length)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(clock).not.toHaveBeenCalled();
  });
});
