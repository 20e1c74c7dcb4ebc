import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ActionHandler } from './action-handler';
import { ActionRegistry } from './action-registry';
import type { ActionContext, ActionFunc, ActionInputs } from './action-types';
import { ActionError, InvalidArgumentError } from './errors';
import { brokenLock, gate, recordingLogger, testMutex, yieldToEventLoop } from './test-support.fixture';

async function failure(promise: Promise<unknown>): Promise<ActionError> {
  try {
    await promise;
  } catch (error) {
    expect(ActionError.isInstance(error)).toBe(true);
    return error as ActionError;
  }
  throw new Error('expected the execution to fail');
}

describe('ActionHandler', () => {
  beforeEach(() => {
    ActionRegistry.configure({ logger: recordingLogger() });
    ActionRegistry.clearGlobal();
  });

  afterEach(() => {
    vi.useRealTimers();
    ActionRegistry.clearGlobal();
    ActionRegistry.resetConfiguration();
  });

  it('executes a global action with inputs and a context', async () => {
    let seen: { inputs: ActionInputs; context: ActionContext } | undefined;
    ActionRegistry.register('greet')((inputs, context) => {
      seen = { inputs, context };
      return { greeting: `Hello ${String(inputs.name)}` };
    });
    const handler = new ActionHandler(new ActionRegistry());
    expect(handler.registry).toBeInstanceOf(ActionRegistry);
    await expect(handler.execute('greet', { name: 'Ada' })).resolves.toEqual({ greeting: 'Hello Ada' });
    expect(seen?.inputs).toEqual({ name: 'Ada' });
    expect(seen?.context.action).toBe('greet');
    expect(seen?.context.signal).toBeInstanceOf(AbortSignal);
    expect(seen?.context.signal.aborted).toBe(false);
  });

  it('executes async actions, local before global, with empty inputs by default', async () => {
    const registry = new ActionRegistry();
    ActionRegistry.register('which')(() => ({ scope: 'global' }));
    registry.registerLocal('which', async (inputs) => {
      await yieldToEventLoop();
      return { scope: 'local', inputs };
    });
    await expect(new ActionHandler(registry).execute('which')).resolves.toEqual({ scope: 'local', inputs: {} });
  });

  it("NOT_FOUND: Action 'X' not found", async () => {
    const error = await failure(new ActionHandler(new ActionRegistry()).execute('nope'));
    expect(error).toMatchObject({ code: 'NOT_FOUND', action: 'nope', message: "Action 'nope' not found" });
  });

  it("MISSING_INPUTS: Action 'X' missing inputs: a, b", async () => {
    const registry = new ActionRegistry();
    const fn = vi.fn<ActionFunc>(() => ({}));
    registry.registerLocal('needs', fn, { inputs: ['a', 'b', 'c'] });
    const error = await failure(new ActionHandler(registry).execute('needs', { c: 1, b: undefined }));
    expect(error).toMatchObject({ code: 'MISSING_INPUTS', message: "Action 'needs' missing inputs: a, b" });
    expect(fn).not.toHaveBeenCalled();
    // Inherited properties do not count as given inputs.
    const inherited = await failure(new ActionHandler(registry).execute('needs', Object.create({ a: 1, b: 2, c: 3 }) as ActionInputs));
    expect(inherited.message).toBe("Action 'needs' missing inputs: a, b, c");
  });

  it('INVALID_INPUTS: a Standard Schema failure names each failing input and why', async () => {
    const registry = new ActionRegistry();
    const schema = z.object({ name: z.string(), age: z.number().int().min(0), tags: z.array(z.string()) });
    const fn = vi.fn<ActionFunc>(() => ({}));
    registry.registerLocal('typed', fn, { schema });
    const error = await failure(new ActionHandler(registry).execute('typed', { name: 5, age: -1, tags: ['ok', 3] }));
    expect(error.code).toBe('INVALID_INPUTS');
    expect(error.message).toMatch(/^Action 'typed' invalid inputs: /);
    expect(error.message).toMatch(/name: [^;]*expected string/i);
    expect(error.message).toMatch(/age: [^;]*>=0/);
    expect(error.message).toMatch(/tags\[1\]: [^;]*expected string/i);
    expect(Array.isArray(error.cause)).toBe(true);
    expect(fn).not.toHaveBeenCalled();
  });

  it('passes the validated (transformed) value to the action', async () => {
    const registry = new ActionRegistry();
    const schema = z.object({ count: z.coerce.number() }).transform((v) => ({ count: v.count * 2 }));
    registry.registerLocal('double', (inputs) => ({ got: inputs }), { schema });
    await expect(new ActionHandler(registry).execute('double', { count: '21' })).resolves.toEqual({ got: { count: 42 } });
  });

  it('INVALID_INPUTS for non-object inputs, before anything runs', async () => {
    const registry = new ActionRegistry();
    const fn = vi.fn<ActionFunc>(() => ({}));
    registry.registerLocal('x', fn);
    const handler = new ActionHandler(registry);
    for (const bad of [null, 42, 'text', [1, 2]]) {
      const error = await failure(handler.execute('x', bad as never));
      expect(error.code).toBe('INVALID_INPUTS');
      expect(error.message).toMatch(/^Action 'x' inputs must be an object, got /);
    }
    expect(fn).not.toHaveBeenCalled();
  });

  it('EXECUTION_FAILED: keeps the cause and the Python message', async () => {
    const registry = new ActionRegistry();
    const boom = new Error('database down');
    registry.registerLocal('sync', () => {
      throw boom;
    });
    registry.registerLocal('async', () => Promise.reject(boom));
    const handler = new ActionHandler(registry);
    for (const name of ['sync', 'async']) {
      const error = await failure(handler.execute(name));
      expect(error).toMatchObject({ code: 'EXECUTION_FAILED', action: name, message: 'Action execution failed: database down' });
      expect(error.cause).toBe(boom);
    }
  });

  it('EXECUTION_FAILED for a non-object result', async () => {
    const registry = new ActionRegistry();
    registry.registerLocal('number', () => 42 as never);
    registry.registerLocal('array', () => [] as never);
    registry.registerLocal('nothing', () => undefined as never);
    const handler = new ActionHandler(registry);
    expect((await failure(handler.execute('number'))).message).toBe("Action execution failed: Action 'number' must return an object, got 42");
    expect((await failure(handler.execute('array'))).code).toBe('EXECUTION_FAILED');
    const nothing = await failure(handler.execute('nothing'));
    expect(nothing.cause).toBeInstanceOf(TypeError);
  });

  it('TIMEOUT: rejects after timeoutMs, aborts the context signal, and the action may finish later', async () => {
    vi.useFakeTimers();
    const registry = new ActionRegistry();
    let signal: AbortSignal | undefined;
    registry.registerLocal('slow', (_inputs, context) => {
      signal = context.signal;
      return new Promise((resolve) => setTimeout(() => { resolve({ done: true }); }, 1_000));
    });
    const handler = new ActionHandler(registry, { timeoutMs: 100 });
    const pending = failure(handler.execute('slow'));
    await vi.advanceTimersByTimeAsync(100);
    const error = await pending;
    expect(error).toMatchObject({ code: 'TIMEOUT', message: "Action 'slow' timed out after 100 ms (running)" });
    expect(signal?.aborted).toBe(true);
    // A per-call timeout overrides the handler default.
    const longer = handler.execute('slow', {}, { timeoutMs: 5_000 });
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(longer).resolves.toEqual({ done: true });
  });

  it('the context signal is created on first read and reflects an abort that came before', async () => {
    const registry = new ActionRegistry();
    const seen: { aborted: boolean; reason: unknown }[] = [];
    const release = gate();
    registry.registerLocal('late_reader', async (_inputs, context) => {
      await release.promise;
      // First read of `signal`, after the timeout has already fired.
      seen.push({ aborted: context.signal.aborted, reason: context.signal.reason });
      return {};
    });
    const error = await failure(new ActionHandler(registry).execute('late_reader', {}, { timeoutMs: 5 }));
    expect(error.code).toBe('TIMEOUT');
    release.open();
    await yieldToEventLoop();
    expect(seen).toEqual([{ aborted: true, reason: error }]);
    // Without a timeout or signal nothing can abort: the signal exists and stays quiet.
    registry.registerLocal('reader', (_inputs, context) => ({ aborted: context.signal.aborted, action: context.action }));
    await expect(new ActionHandler(registry).execute('reader')).resolves.toEqual({ aborted: false, action: 'reader' });
  });

  it('ABORTED: the caller’s signal aborts the execution with its reason as cause', async () => {
    const registry = new ActionRegistry();
    const started = gate();
    registry.registerLocal('wait', (_inputs, context) => {
      started.open();
      return new Promise((_resolve, reject) => {
        context.signal.addEventListener('abort', () => { reject(new Error('stopped')); });
      });
    });
    const controller = new AbortController();
    const pending = failure(new ActionHandler(registry).execute('wait', {}, { signal: controller.signal }));
    await started.promise;
    const reason = new Error('client went away');
    controller.abort(reason);
    const error = await pending;
    expect(error).toMatchObject({ code: 'ABORTED', message: "Action 'wait' was aborted (running)" });
    expect(error.cause).toBe(reason);
    // An already-aborted signal never runs the action.
    const fn = vi.fn<ActionFunc>(() => ({}));
    registry.registerLocal('never', fn);
    expect((await failure(new ActionHandler(registry).execute('never', {}, { signal: controller.signal }))).code).toBe('ABORTED');
    expect(fn).not.toHaveBeenCalled();
  });

  it('maps a lock that gives up waiting to TIMEOUT or ABORTED, and any other lock failure to LOCK_FAILED', async () => {
    const refusing = (code: string) => ({
      kind: 'refusing',
      runExclusive: () => Promise.reject(Object.assign(new Error('no'), { code })),
      runShared: () => Promise.reject(Object.assign(new Error('no'), { code })),
    });
    const timeoutRegistry = new ActionRegistry({ lock: refusing('LOCK_TIMEOUT') });
    timeoutRegistry.registerLocal('x', () => ({}));
    expect((await failure(new ActionHandler(timeoutRegistry).execute('x'))).code).toBe('TIMEOUT');
    const abortRegistry = new ActionRegistry({ lock: refusing('LOCK_ABORTED') });
    abortRegistry.registerLocal('x', () => ({}));
    expect((await failure(new ActionHandler(abortRegistry).execute('x'))).code).toBe('ABORTED');
    const otherRegistry = new ActionRegistry({ lock: refusing('SOMETHING') });
    otherRegistry.registerLocal('x', () => ({}));
    // Any other failure of the lock is the lock's, not the action's: the action never ran.
    expect((await failure(new ActionHandler(otherRegistry).execute('x'))).code).toBe('LOCK_FAILED');
  });

  it('rejects bad arguments with a TypeError', async () => {
    const registry = new ActionRegistry();
    registry.registerLocal('x', () => ({}));
    const handler = new ActionHandler(registry);
    await expect(handler.execute('')).rejects.toThrow(InvalidArgumentError);
    await expect(handler.execute(7 as never)).rejects.toThrow(/action name must be a string, got 7/);
    await expect(handler.execute('x', {}, { timeoutMs: Number.NaN })).rejects.toThrow(/'timeoutMs' must be a finite number/);
    await expect(handler.execute('x', {}, { retries: 3 } as never)).rejects.toThrow(/unknown option 'retries'/);
    expect(() => new ActionHandler({} as never)).toThrow(/expected an ActionRegistry/);
    expect(() => new ActionHandler(registry, { timeoutMs: -5 })).toThrow(/'timeoutMs' must be a finite number of milliseconds >= 0, got -5/);
    expect(() => new ActionHandler(registry, 'fast' as never)).toThrow(/options must be an object/);
    expect(() => new ActionHandler(registry, { retry: 1 } as never)).toThrow(/unknown option 'retry'/);
  });

  describe('with the scope lock', () => {
    /** A transaction replaces v1 by v2 while an execution is queued behind it. */
    async function queuedBehindTransaction(lock: ReturnType<typeof testMutex> | ReturnType<typeof brokenLock>): Promise<unknown> {
      const registry = new ActionRegistry({ lock });
      registry.registerLocal('greet', () => ({ version: 1 }));
      const inside = gate();
      const reload = registry.transaction(async (tx) => {
        await inside.promise;
        tx.register('greet', () => ({ version: 2 }));
      });
      const execution = new ActionHandler(registry).execute('greet');
      await yieldToEventLoop();
      inside.open();
      await reload;
      return execution;
    }

    it('an execution queued behind a transaction runs the committed version', async () => {
      await expect(queuedBehindTransaction(testMutex())).resolves.toEqual({ version: 2 });
    });

    it('the same check catches a lock that coordinates nothing (the replaced version runs)', async () => {
      await expect(queuedBehindTransaction(brokenLock())).resolves.toEqual({ version: 1 });
    });

    it('an execution holds the lock for as long as the action runs', async () => {
      const lock = testMutex();
      const registry = new ActionRegistry({ lock });
      registry.registerLocal('slow', async () => {
        await yieldToEventLoop();
        return {};
      });
      const handler = new ActionHandler(registry);
      await Promise.all([handler.execute('slow'), handler.execute('slow'), handler.execute('slow')]);
      expect(lock.maxActive).toBe(1);
    });

    it('takes the lock of the scope the action was found in', async () => {
      const globalLock = testMutex();
      const localLock = testMutex();
      ActionRegistry.configure({ lock: globalLock, logger: recordingLogger() });
      const registry = new ActionRegistry({ lock: localLock });
      ActionRegistry.register('g')(() => ({}));
      registry.registerLocal('l', () => ({}));
      const spyGlobal = vi.spyOn(globalLock, 'runShared');
      const spyLocal = vi.spyOn(localLock, 'runShared');
      const handler = new ActionHandler(registry);
      await handler.execute('g');
      expect([spyGlobal.mock.calls.length, spyLocal.mock.calls.length]).toEqual([1, 0]);
      await handler.execute('l');
      expect([spyGlobal.mock.calls.length, spyLocal.mock.calls.length]).toEqual([1, 1]);
      // A name found nowhere queues on the global lock (a global transaction may be adding it).
      await failure(handler.execute('missing'));
      expect(spyGlobal.mock.calls.length).toBe(2);
    });
  });

  describe('dispose and in-flight executions', () => {
    /**
     * Replaces an action while an execution of it is in flight and reports whether dispose
     * ran before that execution finished. `execute` is the executor under test.
     */
    async function disposedWhileRunning(execute: (registry: ActionRegistry, name: string) => Promise<unknown>): Promise<boolean> {
      const registry = new ActionRegistry();
      const release = gate();
      let running = false;
      let disposedWhileInFlight = false;
      const dispose = vi.fn(() => {
        disposedWhileInFlight ||= running;
      });
      registry.registerLocal(
        'job',
        async () => {
          running = true;
          await release.promise;
          running = false;
          return { done: true };
        },
        { dispose },
      );
      const execution = execute(registry, 'job');
      await yieldToEventLoop();
      registry.registerLocal('job', () => ({ replaced: true }));
      await yieldToEventLoop();
      release.open();
      await execution;
      await yieldToEventLoop();
      expect(dispose).toHaveBeenCalledTimes(1);
      return disposedWhileInFlight;
    }

    it('dispose waits for in-flight executions, whatever the lock (none here)', async () => {
      expect(await disposedWhileRunning((registry, name) => new ActionHandler(registry).execute(name))).toBe(false);
    });

    it('the same check catches an executor that does not track in-flight executions', async () => {
      const untracked = async (registry: ActionRegistry, name: string): Promise<unknown> =>
        registry.get(name)?.({}, { action: name, signal: new AbortController().signal });
      expect(await disposedWhileRunning(untracked)).toBe(true);
    });

    it('dispose waits for an execution that timed out until the action really settles', async () => {
      const registry = new ActionRegistry();
      const release = gate();
      const dispose = vi.fn();
      registry.registerLocal('stuck', async () => {
        await release.promise;
        return {};
      }, { dispose });
      const failed = failure(new ActionHandler(registry).execute('stuck', {}, { timeoutMs: 5 }));
      expect((await failed).code).toBe('TIMEOUT');
      registry.unregisterLocal('stuck');
      await yieldToEventLoop();
      expect(dispose).not.toHaveBeenCalled();
      release.open();
      await yieldToEventLoop();
      expect(dispose).toHaveBeenCalledTimes(1);
    });
  });
});
