/**
 * What an execution guarantees from the call to the answer: a caller that gave up while it
 * waited for the lock never has its action started; a signal alone sets no deadline; once the
 * caller has its answer, nothing of the execution (timer, signal subscription) is left behind;
 * `dispose` runs once, after the last execution of a retired action, and never for one that is
 * still registered.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ActionHandler } from './action-handler';
import { ActionRegistry } from './action-registry';
import { DuplicateActionError } from './errors';
import type { LockStrategy } from './lock-strategy';
import { REGISTRY_CHANNELS } from './registry-diagnostics';
import { gate, recordingLogger, yieldToEventLoop } from './test-support.fixture';

/** Lets every pending promise reaction run. */
const flush = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

/** A lock that grants nothing until `open()`, and ignores the caller's signal while it waits. */
function closedLock(): LockStrategy & { open: () => void } {
  const { promise, open } = gate();
  return {
    kind: 'closed',
    open,
    runExclusive: async (fn) => {
      await promise;
      return fn();
    },
    runShared: async (fn) => {
      await promise;
      return fn();
    },
  };
}

const code = (promise: Promise<unknown>): Promise<unknown> => promise.then(() => 'resolved', (error: unknown) => (error as { code?: unknown }).code);

describe('an execution whose caller gave up while it waited for the lock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each([
    ['its deadline passed', 'TIMEOUT'],
    ['its signal aborted', 'ABORTED'],
  ])('never starts its action, even under a lock that ignores the signal (%s)', async (_label, expected) => {
    vi.useFakeTimers();
    const lock = closedLock();
    const registry = new ActionRegistry({ lock });
    let runs = 0;
    registry.registerLocal('job', () => {
      runs++;
      return {};
    });
    const controller = new AbortController();
    const options = expected === 'TIMEOUT' ? { timeoutMs: 10 } : { signal: controller.signal };
    const outcome = code(new ActionHandler(registry).execute('job', {}, options));
    controller.abort(new Error('stop'));
    await vi.advanceTimersByTimeAsync(10);
    expect(await outcome).toBe(expected);
    lock.open();
    await flush();
    expect(runs).toBe(0);
  });

  it('a schema validation still running when the deadline passes never leads to the action', async () => {
    vi.useFakeTimers();
    const registry = new ActionRegistry();
    const validation = gate();
    let runs = 0;
    const schema = {
      '~standard': {
        version: 1 as const,
        vendor: 'test',
        validate: async (value: unknown) => {
          await validation.promise;
          return { value: value as Record<string, unknown> };
        },
      },
    };
    registry.registerLocal(
      'job',
      () => {
        runs++;
        return {};
      },
      { schema },
    );
    const outcome = code(new ActionHandler(registry).execute('job', {}, { timeoutMs: 10 }));
    await vi.advanceTimersByTimeAsync(10);
    expect(await outcome).toBe('TIMEOUT');
    validation.open();
    await flush();
    expect(runs).toBe(0);
  });
});

describe('the deadline and the caller signal', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a signal alone sets no deadline: the action may run as long as it needs', async () => {
    vi.useFakeTimers();
    const registry = new ActionRegistry();
    const release = gate();
    registry.registerLocal('slow', async () => {
      await release.promise;
      return { done: true };
    });
    let settled = false;
    const execution = new ActionHandler(registry).execute('slow', {}, { signal: new AbortController().signal });
    void execution.finally(() => (settled = true));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(settled).toBe(false);
    release.open();
    await expect(execution).resolves.toEqual({ done: true });
  });

  it('once the caller has its answer, the deadline timer is gone and a late abort changes nothing', async () => {
    vi.useFakeTimers();
    const logger = recordingLogger();
    const registry = new ActionRegistry({ logger });
    registry.registerLocal('quick', () => ({ ok: true }));
    registry.registerLocal('fails', () => {
      throw new Error('no');
    });
    const abandoned: unknown[] = [];
    const onAbandoned = (message: unknown): void => {
      abandoned.push(message);
    };
    subscribe(REGISTRY_CHANNELS.abandoned, onAbandoned);
    try {
      const handler = new ActionHandler(registry, { timeoutMs: 1000 });
      const controller = new AbortController();
      await expect(handler.execute('quick', {}, { signal: controller.signal })).resolves.toEqual({ ok: true });
      expect(await code(handler.execute('fails', {}, { signal: controller.signal }))).toBe('EXECUTION_FAILED');
      expect(vi.getTimerCount()).toBe(0);
      controller.abort(new Error('late'));
      await vi.advanceTimersByTimeAsync(2000);
      expect(abandoned).toEqual([]);
      expect(logger.records.filter((r) => r.level === 'warn')).toEqual([]);
    } finally {
      unsubscribe(REGISTRY_CHANNELS.abandoned, onAbandoned);
    }
  });
});

describe('dispose of a retired action', () => {
  beforeEach(() => {
    vi.useRealTimers();
  });

  it('runs once, after the last of several in-flight executions, not the first', async () => {
    const registry = new ActionRegistry();
    const handler = new ActionHandler(registry);
    const dispose = vi.fn();
    const releases = [gate(), gate(), gate()];
    let next = 0;
    registry.registerLocal(
      'job',
      async () => {
        const release = releases[next++];
        await release?.promise;
        return {};
      },
      { dispose },
    );
    const executions = releases.map(() => handler.execute('job'));
    await yieldToEventLoop();
    registry.unregisterLocal('job');
    releases[1]?.open();
    await executions[1];
    releases[0]?.open();
    await executions[0];
    await yieldToEventLoop();
    expect(dispose).not.toHaveBeenCalled();
    releases[2]?.open();
    await executions[2];
    await yieldToEventLoop();
    expect(dispose).toHaveBeenCalledTimes(1);
  });

  it('never runs for an action that is still registered, however many times it ran or failed', async () => {
    const registry = new ActionRegistry();
    const handler = new ActionHandler(registry);
    const dispose = vi.fn();
    let calls = 0;
    registry.registerLocal(
      'job',
      async (inputs) => {
        calls++;
        await Promise.resolve();
        if (inputs.fail === true) throw new Error('failed');
        return {};
      },
      { dispose, inputs: ['fail'] },
    );
    await handler.execute('job', { fail: false });
    await handler.execute('job', { fail: false }, { timeoutMs: 1000 });
    await handler.execute('job', { fail: true }).catch(() => undefined);
    await handler.execute('job', {}).catch(() => undefined); // MISSING_INPUTS: never ran
    await yieldToEventLoop();
    expect(calls).toBe(3);
    expect(dispose).not.toHaveBeenCalled();
    registry.unregisterLocal('job');
    await yieldToEventLoop();
    expect(dispose).toHaveBeenCalledTimes(1);
  });
});

describe('declared inputs', () => {
  it('an action whose declared inputs are all present runs with them; falsy values count as present', async () => {
    const registry = new ActionRegistry();
    registry.registerLocal('sum', (inputs) => ({ total: Number(inputs.a) + Number(inputs.b) }), { inputs: ['a', 'b', 'flag'] });
    const handler = new ActionHandler(registry);
    await expect(handler.execute('sum', { a: 1, b: 0, flag: false })).resolves.toEqual({ total: 1 });
    await expect(handler.execute('sum', { a: 1, b: 2, flag: null }, { timeoutMs: 1000 })).resolves.toEqual({ total: 3 });
  });

  it('an input that is undefined or only inherited is missing, and every missing one is named', async () => {
    const registry = new ActionRegistry();
    registry.registerLocal('sum', () => ({}), { inputs: ['a', 'b', 'c'] });
    const handler = new ActionHandler(registry);
    const inherited = Object.assign(Object.create({ a: 1 }) as Record<string, unknown>, { b: undefined, c: 3 });
    await expect(handler.execute('sum', inherited)).rejects.toMatchObject({ code: 'MISSING_INPUTS', message: "Action 'sum' missing inputs: a, b" });
    await expect(handler.execute('sum', { b: undefined, c: 3 }, { timeoutMs: 1000 })).rejects.toMatchObject({
      code: 'MISSING_INPUTS',
      message: "Action 'sum' missing inputs: a, b",
    });
  });
});

describe("transactions under onDuplicate: 'error'", () => {
  it('a name unregistered earlier in the same transaction may be registered again', async () => {
    const registry = new ActionRegistry({ onDuplicate: 'error' });
    registry.registerLocal('job', () => ({ version: 1 }));
    await registry.transaction((tx) => {
      tx.unregister('job');
      tx.register('job', () => ({ version: 2 }));
    });
    await expect(new ActionHandler(registry).execute('job')).resolves.toEqual({ version: 2 });
  });

  it('registering a name twice in one transaction fails at once, and the transaction stays usable', async () => {
    const registry = new ActionRegistry({ onDuplicate: 'error' });
    await registry.transaction((tx) => {
      tx.register('job', () => ({ version: 1 }));
      expect(() => {
        tx.register('job', () => ({ version: 2 }));
      }).toThrow(DuplicateActionError);
      tx.register('other', () => ({}));
    });
    expect(registry.listActions().local).toEqual(['job', 'other']);
    await expect(new ActionHandler(registry).execute('job')).resolves.toEqual({ version: 1 });
  });

  it('under the other policies, staging a taken name replaces it at commit', async () => {
    for (const onDuplicate of ['warn', 'ignore'] as const) {
      const registry = new ActionRegistry({ onDuplicate });
      registry.registerLocal('job', () => ({ version: 1 }));
      await registry.transaction((tx) => {
        tx.register('job', () => ({ version: 2 }));
        tx.register('job', () => ({ version: 3 }));
      });
      await expect(new ActionHandler(registry).execute('job')).resolves.toEqual({ version: 3 });
    }
  });
});

describe('all-or-nothing commits', () => {
  it("under onDuplicate: 'error', a name taken outside while the transaction ran fails the whole commit", async () => {
    const registry = new ActionRegistry({ onDuplicate: 'error' });
    const inside = gate();
    const pending = registry.transaction(async (tx) => {
      tx.register('fresh', () => ({ fresh: true }));
      tx.register('late', () => ({ staged: true }));
      await inside.promise;
    });
    await yieldToEventLoop();
    registry.registerLocal('late', () => ({ outside: true }));
    inside.open();
    await expect(pending).rejects.toMatchObject({ code: 'DUPLICATE_ACTION', action: 'late' });
    expect(registry.listActions().local).toEqual(['late']);
    await expect(new ActionHandler(registry).execute('late')).resolves.toEqual({ outside: true });
  });

  it('a name the transaction unregistered before registering it again passes the commit check', async () => {
    const registry = new ActionRegistry({ onDuplicate: 'error' });
    registry.registerLocal('job', () => ({ version: 1 }));
    await registry.transaction((tx) => {
      tx.unregister('job');
      tx.register('job', () => ({ version: 2 }));
      tx.register('other', () => ({}));
    });
    expect(registry.listActions().local).toEqual(['job', 'other']);
  });
});

describe('the transaction handle', () => {
  it('names the operation that was used after the transaction ended', async () => {
    const registry = new ActionRegistry();
    let handle: Parameters<Parameters<ActionRegistry['transaction']>[0]>[0] | undefined;
    await registry.transaction((tx) => {
      handle = tx;
    });
    const tx = handle!;
    expect(() => { tx.register('x', () => ({})); }).toThrow('Cannot register: the transaction has already ended');
    expect(() => tx.unregister('x')).toThrow('Cannot unregister: the transaction has already ended');
    expect(() => tx.has('x')).toThrow('Cannot has: the transaction has already ended');
    expect(() => tx.get('x')).toThrow('Cannot get: the transaction has already ended');
  });

  it('names the method in argument errors, and answers has/get from the staged state', async () => {
    const registry = new ActionRegistry();
    registry.registerLocal('kept', () => ({}));
    await registry.transaction((tx) => {
      expect(() => { tx.register('', () => ({})); }).toThrow(/^transaction\.register/);
      expect(() => { tx.register('x', 'fn' as never); }).toThrow(/^transaction\.register/);
      expect(() => { tx.register('x', () => ({}), { inputs: 'a' } as never); }).toThrow(/^transaction\.register/);
      expect(() => tx.unregister('')).toThrow(/^transaction\.unregister/);
      expect(() => tx.has(42 as never)).toThrow('transaction.has: the action name must be a string, got 42');
      expect(() => tx.get(42 as never)).toThrow(/^transaction\.get/);
      expect([tx.has('kept'), tx.has('missing')]).toEqual([true, false]);
      expect(tx.unregister('kept')).toBe(true);
      expect(tx.unregister('missing')).toBe(false);
      expect([tx.has('kept'), tx.get('kept')]).toEqual([false, undefined]);
    });
  });
});

describe("the action's signal", () => {
  it('is one signal for the whole run, and aborts when the deadline passes', async () => {
    vi.useFakeTimers();
    try {
      const registry = new ActionRegistry();
      const release = gate();
      const seen: AbortSignal[] = [];
      registry.registerLocal('job', async (_inputs, context) => {
        seen.push(context.signal, context.signal);
        await release.promise;
        return {};
      });
      const outcome = code(new ActionHandler(registry).execute('job', {}, { timeoutMs: 10 }));
      await flush();
      await vi.advanceTimersByTimeAsync(10);
      expect(await outcome).toBe('TIMEOUT');
      expect(seen[0]).toBe(seen[1]);
      expect(seen[0]?.aborted).toBe(true);
      release.open();
    } finally {
      vi.useRealTimers();
    }
  });

  it('read only after the caller aborted (no deadline), it is already aborted with the reason', async () => {
    const registry = new ActionRegistry();
    const release = gate();
    let signal: AbortSignal | undefined;
    registry.registerLocal('job', async (_inputs, context) => {
      await release.promise;
      signal = context.signal;
      return {};
    });
    const controller = new AbortController();
    const outcome = code(new ActionHandler(registry).execute('job', {}, { signal: controller.signal }));
    await flush();
    controller.abort(new Error('stop'));
    expect(await outcome).toBe('ABORTED');
    release.open();
    await flush();
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toMatchObject({ code: 'ABORTED', message: "Action 'job' was aborted (running)" });
  });
});

describe('abandoned executions', () => {
  it('only an action that had started is reported abandoned; the warning goes only to a logger that wants warnings', async () => {
    vi.useFakeTimers();
    const events: unknown[] = [];
    const onEvent = (message: unknown): void => {
      events.push(message);
    };
    subscribe(REGISTRY_CHANNELS.abandoned, onEvent);
    try {
      const quiet = recordingLogger(['error']);
      const lock = closedLock();
      const registry = new ActionRegistry({ lock, logger: quiet });
      registry.registerLocal('job', () => ({}));
      const waiting = code(new ActionHandler(registry).execute('job', {}, { timeoutMs: 10 }));
      await vi.advanceTimersByTimeAsync(10);
      expect(await waiting).toBe('TIMEOUT');
      expect(events).toEqual([]);
      lock.open();
      const running = new ActionRegistry({ logger: quiet });
      const release = gate();
      running.registerLocal('stuck', async () => {
        await release.promise;
        return {};
      });
      const started = code(new ActionHandler(running).execute('stuck', {}, { timeoutMs: 10 }));
      await vi.advanceTimersByTimeAsync(10);
      expect(await started).toBe('TIMEOUT');
      expect(events).toHaveLength(1);
      expect(quiet.records).toEqual([]);
      const loud = recordingLogger();
      const logged = new ActionRegistry({ logger: loud });
      logged.registerLocal('stuck', async () => {
        await release.promise;
        return {};
      });
      const again = code(new ActionHandler(logged).execute('stuck', {}, { timeoutMs: 10 }));
      await vi.advanceTimersByTimeAsync(10);
      expect(await again).toBe('TIMEOUT');
      expect(loud.records.filter((r) => r.level === 'warn').map((r) => r.fields)).toEqual([{ action: 'stuck', scope: 'local', runningMs: expect.any(Number) as number, code: 'TIMEOUT' }]);
      release.open();
    } finally {
      unsubscribe(REGISTRY_CHANNELS.abandoned, onEvent);
      vi.useRealTimers();
    }
  });
});

describe('the handler at its boundary', () => {
  it('names itself in constructor errors', () => {
    const registry = new ActionRegistry();
    expect(() => new ActionHandler(registry, { timeout: 5 } as never)).toThrow(/^new ActionHandler\(\)/);
    expect(() => new ActionHandler(registry, { timeoutMs: -1 })).toThrow(/^new ActionHandler\(\)/);
    expect(() => new ActionHandler(registry, { timeoutMs: undefined } as never)).not.toThrow();
  });

  it('a signal aborted before the call is ABORTED before it started, with the reason as cause', async () => {
    const registry = new ActionRegistry();
    let runs = 0;
    registry.registerLocal('job', () => {
      runs++;
      return {};
    });
    const controller = new AbortController();
    const reason = new Error('shutting down');
    controller.abort(reason);
    await expect(new ActionHandler(registry).execute('job', {}, { signal: controller.signal })).rejects.toMatchObject({
      code: 'ABORTED',
      message: "Action 'job' was aborted (before it started)",
      cause: reason,
    });
    expect(runs).toBe(0);
  });
});
