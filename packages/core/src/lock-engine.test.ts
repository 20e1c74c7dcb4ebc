/**
 * The guarantees of core's lock engine, seen through a lock built on it (`engineLock`, what
 * `@soni/locking` wraps): holds granted from the queue, waiters that give up from anywhere
 * in the queue, several locks held at once, try-locks, and the cleanup of a granted waiter's
 * timer and abort subscription. Every scenario gates its holders explicitly, so the order of
 * events never depends on timing.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LOCK_CHANNELS } from './lock-diagnostics';
import { LockAbortedError, LockReentrancyError, LockTimeoutError } from './lock-errors';
import type { QueuedLockOptions } from './lock-options';
import type { LockOptions } from './lock-strategy';
import { SYNC_SHARED_GRANT } from './sync-grant';
import { engineLock, gate } from './test-support.fixture';

type Mode = 'exclusive' | 'shared';
type Lock = ReturnType<typeof engineLock>;

/** Lets every pending promise reaction run. */
const flush = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

/** A request that runs until it is told to finish, recording when it started and ended. */
interface Held {
  readonly done: Promise<unknown>;
  readonly finish: () => void;
  readonly running: boolean;
  readonly started: boolean;
}

function request(lock: Lock, mode: Mode, log: string[], name: string, options?: LockOptions): Held {
  const { promise, open } = gate();
  const state = { running: false, started: false };
  const body = async (): Promise<void> => {
    state.started = true;
    state.running = true;
    log.push(`${name}+`);
    await promise;
    state.running = false;
    log.push(`${name}-`);
  };
  const done = mode === 'exclusive' ? lock.runExclusive(body, options) : lock.runShared(body, options);
  done.catch(() => undefined);
  return {
    done,
    finish: open,
    get running() {
      return state.running;
    },
    get started() {
      return state.started;
    },
  };
}

const detectionOff: QueuedLockOptions = { detectReentrancy: false };
const detectionOn: QueuedLockOptions = { detectReentrancy: true };

describe.each([
  ['without holder tracking', detectionOff],
  ['with holder tracking', detectionOn],
])('holds granted from the queue (%s)', (_label, options) => {
  it('a writer granted from the queue holds the lock: a writer asking while it runs waits for it', async () => {
    const lock = engineLock('rwlock', options);
    const log: string[] = [];
    const first = request(lock, 'exclusive', log, 'a');
    const second = request(lock, 'exclusive', log, 'b');
    await flush();
    first.finish();
    await flush();
    expect(second.running).toBe(true);
    expect(lock.query()).toMatchObject({ mode: 'exclusive', holders: 1 });
    const third = request(lock, 'exclusive', log, 'c');
    const reader = request(lock, 'shared', log, 'r');
    await flush();
    expect(third.started).toBe(false);
    expect(reader.started).toBe(false);
    expect(lock.query().waiting).toEqual({ shared: 1, exclusive: 1 });
    second.finish();
    await flush();
    expect(third.running).toBe(true);
    expect(reader.started).toBe(false);
    third.finish();
    await flush();
    reader.finish();
    await Promise.all([first.done, second.done, third.done, reader.done]);
    expect(log).toEqual(['a+', 'a-', 'b+', 'b-', 'c+', 'c-', 'r+', 'r-']);
    expect(lock.query()).toMatchObject({ mode: 'idle', holders: 0, waiting: { shared: 0, exclusive: 0 } });
  });

  it('readers granted together from the queue each hold it: a writer waits for the last of them', async () => {
    const lock = engineLock('rwlock', options);
    const log: string[] = [];
    const writer = request(lock, 'exclusive', log, 'w');
    const readers = [request(lock, 'shared', log, 'r1'), request(lock, 'shared', log, 'r2')];
    const late = request(lock, 'exclusive', log, 'w2');
    await flush();
    expect(lock.query().waiting).toEqual({ shared: 2, exclusive: 1 });
    writer.finish();
    await flush();
    expect(readers.map((r) => r.running)).toEqual([true, true]);
    expect(lock.query()).toMatchObject({ mode: 'shared', holders: 2 });
    // A writer already waits: a new reader queues behind it instead of joining.
    const laterReader = request(lock, 'shared', log, 'r3');
    readers[0]?.finish();
    await flush();
    expect(late.started).toBe(false);
    expect(laterReader.started).toBe(false);
    readers[1]?.finish();
    await flush();
    expect(late.running).toBe(true);
    late.finish();
    await flush();
    expect(laterReader.running).toBe(true);
    laterReader.finish();
    await Promise.all([writer.done, late.done, laterReader.done, ...readers.map((r) => r.done)]);
    expect(log.join(' ')).toBe('w+ w- r1+ r2+ r1- r2- w2+ w2- r3+ r3-');
  });

  it('a mutex serialises shared requests too, whether granted at once or from the queue', async () => {
    const lock = engineLock('mutex', options);
    const log: string[] = [];
    const first = request(lock, 'shared', log, 'a');
    const second = request(lock, 'shared', log, 'b');
    await flush();
    expect(second.started).toBe(false);
    expect(lock.query()).toMatchObject({ mode: 'exclusive', holders: 1, waiting: { shared: 0, exclusive: 1 } });
    first.finish();
    await flush();
    const third = request(lock, 'shared', log, 'c');
    await flush();
    expect(third.started).toBe(false);
    second.finish();
    await flush();
    third.finish();
    await Promise.all([first.done, second.done, third.done]);
    expect(log.join(' ')).toBe('a+ a- b+ b- c+ c-');
  });

  it('a reader holding the lock keeps a writer out, and a reader arriving meanwhile joins it', async () => {
    const lock = engineLock('rwlock', options);
    const log: string[] = [];
    const reader = request(lock, 'shared', log, 'r1');
    await flush();
    const second = request(lock, 'shared', log, 'r2');
    await flush();
    expect(second.running).toBe(true);
    const writer = request(lock, 'exclusive', log, 'w');
    await flush();
    expect(writer.started).toBe(false);
    reader.finish();
    second.finish();
    await flush();
    writer.finish();
    await Promise.all([reader.done, second.done, writer.done]);
    expect(log.join(' ')).toBe('r1+ r2+ r1- r2- w+ w-');
  });
});

describe('a waiter that gives up leaves the queue from wherever it is', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each([
    ['the middle', 1],
    ['the front', 0],
    ['the back', 2],
  ])('from %s: the others keep their places and all run, in order', async (_label, quitter) => {
    vi.useFakeTimers();
    const lock = engineLock('rwlock', detectionOff);
    const log: string[] = [];
    const holder = request(lock, 'exclusive', log, 'h');
    const waiters = [0, 1, 2].map((i) => request(lock, 'exclusive', log, `w${String(i)}`, i === quitter ? { timeoutMs: 10 } : undefined));
    await flush();
    await vi.advanceTimersByTimeAsync(10);
    await expect(waiters[quitter]?.done).rejects.toBeInstanceOf(LockTimeoutError);
    expect(lock.query().waiting).toEqual({ shared: 0, exclusive: 2 });
    holder.finish();
    for (const waiter of waiters) {
      await flush();
      waiter.finish();
    }
    await Promise.allSettled(waiters.map((w) => w.done));
    const expected = ['h+', 'h-', ...[0, 1, 2].filter((i) => i !== quitter).flatMap((i) => [`w${String(i)}+`, `w${String(i)}-`])];
    expect(log).toEqual(expected);
  });

  it('two waiters that give up one after the other leave the rest of the queue intact', async () => {
    const lock = engineLock('rwlock', detectionOff);
    const log: string[] = [];
    const holder = request(lock, 'exclusive', log, 'h');
    const controllers = [new AbortController(), new AbortController(), new AbortController(), new AbortController()];
    const waiters = controllers.map((c, i) => request(lock, 'exclusive', log, `w${String(i)}`, { signal: c.signal }));
    await flush();
    controllers[2]?.abort(new Error('stop'));
    controllers[1]?.abort(new Error('stop'));
    await expect(waiters[1]?.done).rejects.toBeInstanceOf(LockAbortedError);
    await expect(waiters[2]?.done).rejects.toBeInstanceOf(LockAbortedError);
    expect(lock.query().waiting).toEqual({ shared: 0, exclusive: 2 });
    // The last one leaves too, then a newcomer queues at the (new) back.
    controllers[3]?.abort(new Error('stop'));
    await expect(waiters[3]?.done).rejects.toBeInstanceOf(LockAbortedError);
    const newcomer = request(lock, 'exclusive', log, 'n');
    holder.finish();
    await flush();
    waiters[0]?.finish();
    await flush();
    newcomer.finish();
    await Promise.allSettled([holder.done, newcomer.done, ...waiters.map((w) => w.done)]);
    expect(log.join(' ')).toBe('h+ h- w0+ w0- n+ n-');
  });

  it('a writer at the front that gives up lets the readers behind it in at once', async () => {
    const lock = engineLock('rwlock', detectionOff);
    const log: string[] = [];
    const reader = request(lock, 'shared', log, 'r1');
    const controller = new AbortController();
    const writer = request(lock, 'exclusive', log, 'w', { signal: controller.signal });
    const second = request(lock, 'shared', log, 'r2');
    await flush();
    expect(second.started).toBe(false);
    controller.abort(new Error('stop'));
    await expect(writer.done).rejects.toBeInstanceOf(LockAbortedError);
    await flush();
    expect(second.running).toBe(true);
    reader.finish();
    second.finish();
    await Promise.all([reader.done, second.done]);
  });
});

describe('a try-lock (timeoutMs: 0)', () => {
  it('fails at once on a busy lock, without a timer, and is granted on a free one', async () => {
    vi.useFakeTimers();
    try {
      const lock = engineLock('rwlock', detectionOff);
      const log: string[] = [];
      const holder = request(lock, 'exclusive', log, 'h');
      const attempt = lock.runExclusive(() => 'ran', { timeoutMs: 0 });
      attempt.catch(() => undefined);
      expect(vi.getTimerCount()).toBe(0);
      await expect(attempt).rejects.toMatchObject({ code: 'LOCK_TIMEOUT', mode: 'exclusive', timeoutMs: 0 });
      expect(lock.query().waiting).toEqual({ shared: 0, exclusive: 0 });
      holder.finish();
      await holder.done;
      await expect(lock.runShared(() => 'free', { timeoutMs: 0 })).resolves.toBe('free');
    } finally {
      vi.useRealTimers();
    }
  });

  it('a lock whose default timeoutMs is 0 is a try-lock for every call that gives none', async () => {
    const lock = engineLock('mutex', { timeoutMs: 0, detectReentrancy: false });
    const { promise, open } = gate();
    const holder = lock.runExclusive(() => promise);
    await expect(lock.runExclusive(() => 'ran')).rejects.toBeInstanceOf(LockTimeoutError);
    // A call's own timeoutMs overrides the default.
    const patient = lock.runExclusive(() => 'waited', { timeoutMs: 60_000 });
    open();
    await holder;
    await expect(patient).resolves.toBe('waited');
  });
});

describe("a granted waiter's timer and abort subscription go with the grant", () => {
  it('neither fires later: no timeout or abort is reported for a waiter that got the lock', async () => {
    vi.useFakeTimers();
    const events: string[] = [];
    const onTimeout = (): void => {
      events.push('timeout');
    };
    const onAbort = (): void => {
      events.push('abort');
    };
    subscribe(LOCK_CHANNELS.timeout, onTimeout);
    subscribe(LOCK_CHANNELS.abort, onAbort);
    try {
      const lock = engineLock('rwlock', detectionOff);
      const log: string[] = [];
      const holder = request(lock, 'exclusive', log, 'h');
      const controller = new AbortController();
      const waiter = request(lock, 'exclusive', log, 'w', { timeoutMs: 100, signal: controller.signal });
      await flush();
      expect(vi.getTimerCount()).toBe(1);
      holder.finish();
      await flush();
      expect(waiter.running).toBe(true);
      expect(vi.getTimerCount()).toBe(0);
      controller.abort(new Error('too late'));
      await vi.advanceTimersByTimeAsync(200);
      expect(events).toEqual([]);
      waiter.finish();
      await expect(waiter.done).resolves.toBeUndefined();
    } finally {
      unsubscribe(LOCK_CHANNELS.timeout, onTimeout);
      unsubscribe(LOCK_CHANNELS.abort, onAbort);
      vi.useRealTimers();
    }
  });

  it('a waiter that timed out drops its abort subscription: aborting afterwards reports nothing', async () => {
    vi.useFakeTimers();
    const events: unknown[] = [];
    const onAbort = (message: unknown): void => {
      events.push(message);
    };
    subscribe(LOCK_CHANNELS.abort, onAbort);
    try {
      const lock = engineLock('rwlock', detectionOff);
      const holder = request(lock, 'exclusive', [], 'h');
      const controller = new AbortController();
      const waiter = request(lock, 'shared', [], 'w', { timeoutMs: 5, signal: controller.signal });
      await vi.advanceTimersByTimeAsync(5);
      await expect(waiter.done).rejects.toBeInstanceOf(LockTimeoutError);
      controller.abort(new Error('after'));
      expect(events).toEqual([]);
      holder.finish();
      await holder.done;
    } finally {
      unsubscribe(LOCK_CHANNELS.abort, onAbort);
      vi.useRealTimers();
    }
  });
});

describe('several locks held at once (holder tracking)', () => {
  it('holding one lock does not count as holding another: a nested request for a busy other lock waits for it', async () => {
    const outer = engineLock('mutex', detectionOn);
    const other = engineLock('mutex', detectionOn);
    const log: string[] = [];
    const elsewhere = request(other, 'exclusive', log, 'o');
    await flush();
    const nested = outer.runExclusive(() => other.runExclusive(() => 'nested ran'));
    await flush();
    expect(other.query().waiting).toEqual({ shared: 0, exclusive: 1 });
    elsewhere.finish();
    await expect(nested).resolves.toBe('nested ran');
  });

  it('the innermost of several holds is found: a nested request for the outer lock is a self-deadlock', async () => {
    const a = engineLock('mutex', detectionOn);
    const b = engineLock('rwlock', detectionOn);
    const result = a.runExclusive(() => b.runShared(() => a.runExclusive(() => 'never')));
    await expect(result).rejects.toBeInstanceOf(LockReentrancyError);
  });

  it('a context that outlives its hold no longer counts as holding: it queues like anyone else', async () => {
    const lock = engineLock('mutex', detectionOn);
    let detached: (() => Promise<string>) | undefined;
    await lock.runExclusive(() => {
      detached = () => lock.runExclusive(() => 'queued and ran');
    });
    const log: string[] = [];
    const holder = request(lock, 'exclusive', log, 'h');
    const late = detached?.();
    await flush();
    holder.finish();
    await expect(late).resolves.toBe('queued and ran');
  });
});

describe('requests checked at the boundary, even on a free lock', () => {
  it('a non-function is an InvalidArgumentError naming the method, and nothing is held', async () => {
    for (const options of [detectionOff, detectionOn]) {
      const lock = engineLock('rwlock', options);
      await expect(lock.runExclusive('x' as never)).rejects.toThrow('rwlock.runExclusive(): the function to run under the lock must be a function');
      await expect(lock.runShared(42 as never)).rejects.toThrow('rwlock.runShared(): the function to run under the lock must be a function');
      await expect(lock.runShared(() => 1, { timeoutMs: -1 })).rejects.toThrow(/^rwlock\.runShared\(\)/);
      expect(lock.query()).toMatchObject({ mode: 'idle', holders: 0 });
    }
  });

  it('an already aborted signal is refused without running, and a signal that never aborts lets it run', async () => {
    const lock = engineLock('mutex', detectionOff);
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    let ran = false;
    await expect(lock.runShared(() => (ran = true), { signal: controller.signal })).rejects.toBeInstanceOf(LockAbortedError);
    expect(ran).toBe(false);
    await expect(lock.runShared(() => 'ran', { signal: new AbortController().signal })).resolves.toBe('ran');
  });

  it('a function that throws synchronously rejects with its error and releases the lock', async () => {
    for (const options of [detectionOff, detectionOn]) {
      for (const kind of ['mutex', 'rwlock'] as const) {
        const lock = engineLock(kind, options);
        const error = new Error('boom');
        await expect(lock.runShared(() => { throw error; })).rejects.toBe(error);
        await expect(lock.runExclusive(() => { throw error; })).rejects.toBe(error);
        expect(lock.query()).toMatchObject({ mode: 'idle', holders: 0 });
        await expect(lock.runExclusive(() => 'free again', { timeoutMs: 0 })).resolves.toBe('free again');
      }
    }
  });
});

describe('lock diagnostics see every request and grant, the uncontended ones too', () => {
  it('publishes the request (a mutex reports exclusive) and the grant and release', async () => {
    const events: string[] = [];
    const listeners = (['request', 'grant', 'release'] as const).map((name) => {
      const listener = (message: unknown): void => {
        const { kind, mode } = message as { kind: string; mode: string };
        events.push(`${name} ${kind} ${mode}`);
      };
      subscribe(LOCK_CHANNELS[name], listener);
      return () => {
        unsubscribe(LOCK_CHANNELS[name], listener);
      };
    });
    try {
      await engineLock('mutex', detectionOff).runShared(() => undefined);
      await engineLock('rwlock', detectionOff).runShared(() => undefined);
    } finally {
      for (const stop of listeners) stop();
    }
    expect(events).toEqual([
      'request mutex exclusive',
      'grant mutex exclusive',
      'release mutex exclusive',
      'request rwlock shared',
      'grant rwlock shared',
      'release rwlock shared',
    ]);
  });
});

describe('re-entrancy (holder tracking)', () => {
  it('a shared holder asking for exclusive is refused as a self-deadlock, even on a re-entrant lock', async () => {
    for (const reentrant of [false, true]) {
      const lock = engineLock('rwlock', { reentrant, detectReentrancy: true });
      const error: unknown = await lock.runShared(() => lock.runExclusive(() => 'never')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LockReentrancyError);
      expect(error).toMatchObject({ heldMode: 'shared', requestedMode: 'exclusive', message: expect.stringContaining(reentrant ? 'cannot be upgraded' : 'reentrant: true') as unknown });
    }
  });

  it('an exclusive holder of a non-re-entrant lock asking again is told how to allow it', async () => {
    const lock = engineLock('mutex', detectionOn);
    const error: unknown = await lock.runExclusive(() => lock.runShared(() => 'never')).catch((e: unknown) => e);
    expect(error).toMatchObject({ heldMode: 'exclusive', requestedMode: 'exclusive', message: expect.stringContaining('reentrant: true') as unknown });
  });

  it('a shared holder asking for shared again joins at once, even behind a waiting writer', async () => {
    const lock = engineLock('rwlock', detectionOn);
    const { promise, open } = gate();
    let writerRan = false;
    let writer: Promise<unknown> | undefined;
    const reader = lock.runShared(async () => {
      writer = lock.runExclusive(() => (writerRan = true));
      await promise;
      return lock.runShared(() => 'joined');
    });
    // The writer was asked for from inside the hold: it is refused, so ask again from outside.
    await expect(writer).rejects.toBeInstanceOf(LockReentrancyError);
    writer = lock.runExclusive(() => (writerRan = true));
    await flush();
    open();
    await expect(reader).resolves.toBe('joined');
    await writer;
    expect(writerRan).toBe(true);
  });

  it('a re-entrant lock stays held until un-awaited nested calls of its holder finish', async () => {
    for (const kind of ['mutex', 'rwlock'] as const) {
      const lock = engineLock(kind, { reentrant: true });
      const log: string[] = [];
      const { promise, open } = gate();
      let child: Promise<unknown> | undefined;
      await lock.runExclusive(() => {
        child = lock.runExclusive(async () => {
          log.push('child+');
          await promise;
          log.push('child-');
        });
      });
      expect(lock.query()).toMatchObject({ mode: 'exclusive', holders: 1 });
      const outsider = request(lock, 'shared', log, 'o');
      await flush();
      expect(outsider.started).toBe(false);
      open();
      await child;
      await flush();
      outsider.finish();
      await outsider.done;
      expect(log).toEqual(['child+', 'child-', 'o+', 'o-']);
    }
  });

  it('a re-entrant lock stays held until the last of several un-awaited shared nested calls finishes', async () => {
    const lock = engineLock('rwlock', { reentrant: true });
    const log: string[] = [];
    const gates = [gate(), gate()];
    const children: Promise<unknown>[] = [];
    await lock.runExclusive(() => {
      for (const [i, { promise }] of gates.entries()) {
        children.push(
          lock.runShared(async () => {
            await promise;
            log.push(`child${String(i)}-`);
          }),
        );
      }
    });
    const outsider = request(lock, 'exclusive', log, 'o');
    gates[0]?.open();
    await children[0];
    await flush();
    expect(outsider.started).toBe(false);
    expect(lock.query()).toMatchObject({ mode: 'exclusive', holders: 1 });
    gates[1]?.open();
    await children[1];
    await flush();
    outsider.finish();
    await outsider.done;
    expect(log).toEqual(['child0-', 'child1-', 'o+', 'o-']);
  });

  it("a re-entrant lock's nested calls are serialised among themselves, and shared ones run together", async () => {
    const lock = engineLock('rwlock', { reentrant: true });
    const log: string[] = [];
    const gates = [gate(), gate()];
    await lock.runExclusive(async () => {
      const nested = [
        lock.runExclusive(async () => {
          log.push('a+');
          await gates[0]?.promise;
          log.push('a-');
        }),
        lock.runShared(async () => {
          log.push('b+');
          await gates[1]?.promise;
          log.push('b-');
        }),
        lock.runShared(() => {
          log.push('c');
        }),
      ];
      await flush();
      expect(log).toEqual(['a+']);
      gates[0]?.open();
      await flush();
      expect(log).toEqual(['a+', 'a-', 'b+', 'c']);
      gates[1]?.open();
      await Promise.all(nested);
    });
    expect(log).toEqual(['a+', 'a-', 'b+', 'c', 'b-']);
    expect(lock.query()).toMatchObject({ mode: 'idle', holders: 0 });
  });
});

describe('writer starvation by nested shared joins', () => {
  it('a writer that gave up takes its count with it: the next writer counts its own joins only', async () => {
    let clock = 1_000_000;
    vi.spyOn(performance, 'now').mockImplementation(() => clock);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const events: { nestedJoins: number }[] = [];
    const onEvent = (message: unknown): void => {
      events.push(message as { nestedJoins: number });
    };
    subscribe(LOCK_CHANNELS.starvation, onEvent);
    try {
      const lock = engineLock('rwlock', { detectReentrancy: true, starvationWarningMs: 10 });
      const steps = [gate(), gate(), gate()];
      const reader = lock.runShared(async () => {
        for (const step of steps) {
          await step.promise;
          await lock.runShared(() => 'joined');
        }
      });
      const quitter = lock.runExclusive(() => 'never', { timeoutMs: 5 }).catch((error: unknown) => error);
      steps[0]?.open();
      await flush();
      steps[1]?.open();
      await flush();
      await vi.advanceTimersByTimeAsync(5);
      expect(await quitter).toBeInstanceOf(LockTimeoutError);
      const writer = lock.runExclusive(() => 'wrote');
      clock += 10;
      steps[2]?.open();
      await reader;
      await writer;
      expect(events.map((e) => e.nestedJoins)).toEqual([1]);
    } finally {
      unsubscribe(LOCK_CHANNELS.starvation, onEvent);
      vi.useRealTimers();
    }
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('is reported once, past the threshold, with the wait and the joins since the writer queued', async () => {
    let clock = 1_000_000;
    vi.spyOn(performance, 'now').mockImplementation(() => clock);
    const events: { waitMs: number; nestedJoins: number }[] = [];
    const onEvent = (message: unknown): void => {
      events.push(message as { waitMs: number; nestedJoins: number });
    };
    subscribe(LOCK_CHANNELS.starvation, onEvent);
    try {
      const lock = engineLock('rwlock', { detectReentrancy: true, starvationWarningMs: 100 });
      const round = async (): Promise<void> => {
        const reported = events.length;
        const steps = [gate(), gate(), gate(), gate()];
        const joins: Promise<unknown>[] = [];
        const early = gate();
        const reader = lock.runShared(async () => {
          for (const [i, step] of steps.entries()) {
            await step.promise;
            joins.push(lock.runShared<unknown>(() => (i === 0 ? early.promise : 'joined')));
          }
        });
        steps[0]?.open(); // no writer waits yet: not counted, although it still runs when one queues
        await flush();
        const writer = lock.runExclusive(() => 'wrote');
        clock += 99;
        steps[1]?.open();
        await flush();
        expect(events).toHaveLength(reported);
        clock += 1;
        steps[2]?.open();
        await flush();
        clock += 50;
        steps[3]?.open(); // already reported for this writer
        early.open();
        await reader;
        await Promise.all([writer, ...joins]);
      };
      await round();
      expect(events).toEqual([expect.objectContaining({ kind: 'rwlock', mode: 'exclusive', waitMs: 100, nestedJoins: 2 })]);
      // The writer was served: the next writer's count starts again.
      await round();
      expect(events.map((e) => [e.waitMs, e.nestedJoins])).toEqual([
        [100, 2],
        [100, 2],
      ]);
    } finally {
      unsubscribe(LOCK_CHANNELS.starvation, onEvent);
    }
  });
});

describe('the synchronous grant (the registry fast path)', () => {
  it.each(['mutex', 'rwlock'] as const)('%s: is refused while a writer holds the lock, and taken again once it is free', async (kind) => {
    const lock = engineLock(kind, detectionOff, 'correct');
    const grant = (lock as unknown as Record<symbol, { trySharedNow(): boolean; releaseShared(): void }>)[SYNC_SHARED_GRANT];
    const held = request(lock, 'exclusive', [], 'w');
    expect(grant?.trySharedNow()).toBe(false);
    held.finish();
    await held.done;
    expect(grant?.trySharedNow()).toBe(true);
    expect(lock.query()).toMatchObject({ mode: kind === 'mutex' ? 'exclusive' : 'shared', holders: 1 });
    const writer = request(lock, 'exclusive', [], 'w2');
    await flush();
    expect(writer.started).toBe(false);
    grant?.releaseShared();
    await flush();
    expect(writer.running).toBe(true);
    writer.finish();
    await writer.done;
  });
});
