/**
 * The `soni:action:execute` tracing channel: which events an execution publishes, what its
 * context object holds at each of them, and that concurrent and nested executions each keep
 * their own context (what an APM needs to pair a span's start with its end and to find its
 * parent). The plain registry channels are in `registry-diagnostics.test.ts`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { tracingChannel } from 'node:diagnostics_channel';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActionHandler } from './action-handler';
import { ActionRegistry } from './action-registry';
import { ActionError, InvalidArgumentError } from './errors';
import type { GlobalStash } from './global-stash';
import type { LockStrategy } from './lock-strategy';
import { REGISTRY_CHANNELS, type ExecutionTrace } from './registry-diagnostics';
import { engineLock, gate, recordingLogger, testMutex } from './test-support.fixture';

type TraceEvent = 'start' | 'end' | 'asyncStart' | 'asyncEnd' | 'error';
const EVENTS: readonly TraceEvent[] = ['start', 'end', 'asyncStart', 'asyncEnd', 'error'];

interface Published {
  event: TraceEvent;
  /** The context object itself (the same one at every event of one execution). */
  trace: ExecutionTrace;
  /** A copy of its fields at the moment of the event. */
  fields: Partial<ExecutionTrace>;
}

const channel = tracingChannel<ExecutionTrace>(REGISTRY_CHANNELS.execute);
const cleanups: (() => void)[] = [];

function record(): Published[] {
  const published: Published[] = [];
  const at = (event: TraceEvent) => (trace: ExecutionTrace): void => {
    published.push({ event, trace, fields: { ...trace } });
  };
  const handlers = Object.fromEntries(EVENTS.map((event) => [event, at(event)])) as Record<TraceEvent, (trace: ExecutionTrace) => void>;
  channel.subscribe(handlers);
  cleanups.push(() => {
    channel.unsubscribe(handlers);
  });
  return published;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const registryWith = (lock?: LockStrategy): ActionRegistry => new ActionRegistry({ logger: recordingLogger(), ...(lock === undefined ? {} : { lock }) });

let stash: GlobalStash;
beforeEach(() => {
  stash = ActionRegistry.stashGlobal();
  ActionRegistry.configure({ logger: recordingLogger() });
});

afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  stash.restore();
});

describe('the execute tracing channel', () => {
  it('a success publishes start, end, asyncStart, asyncEnd on one context, filled in as the execution goes', async () => {
    const registry = registryWith();
    registry.registerLocal('double', async ({ n }) => {
      await sleep(20);
      return { doubled: Number(n) * 2 };
    });
    const published = record();
    const result = await new ActionHandler(registry).execute('double', { n: 21 });
    expect(published.map(({ event }) => event)).toEqual(['start', 'end', 'asyncStart', 'asyncEnd']);
    const trace = published[0]!.trace;
    expect(published.every((p) => p.trace === trace)).toBe(true);
    expect(published[0]!.fields).toEqual({ action: 'double', scope: undefined, durationMs: Number.NaN });
    // `end` closes the synchronous part of the call: nothing has settled yet.
    expect(published[1]!.fields).toMatchObject({ action: 'double', durationMs: Number.NaN });
    expect('result' in published[1]!.fields).toBe(false);
    expect(published[3]!.fields).toEqual({ action: 'double', scope: 'local', durationMs: trace.durationMs, result: { doubled: 42 } });
    expect(trace.result).toBe(result);
    expect(trace.error).toBeUndefined();
    // The action slept 20 ms; timers may fire a fraction of a millisecond early.
    expect(trace.durationMs).toBeGreaterThanOrEqual(19);
    expect(trace.durationMs).toBeLessThan(5_000);
  });

  it("scope is 'global' for a global action, 'local' for a local one that shadows it", async () => {
    const registry = registryWith();
    ActionRegistry.register('both')(() => ({ from: 'global' }));
    ActionRegistry.register('global-only')(() => ({ from: 'global' }));
    registry.registerLocal('both', () => ({ from: 'local' }));
    const published = record();
    const handler = new ActionHandler(registry);
    await handler.execute('both');
    await handler.execute('global-only');
    const ends = published.filter(({ event }) => event === 'asyncEnd').map(({ fields }) => [fields.action, fields.scope, fields.result]);
    expect(ends).toEqual([
      ['both', 'local', { from: 'local' }],
      ['global-only', 'global', { from: 'global' }],
    ]);
  });

  it('a failure publishes error, then asyncStart and asyncEnd, with the ActionError the caller gets and the duration already set', async () => {
    const registry = registryWith();
    const cause = new Error('database down');
    registry.registerLocal('fails', async () => {
      await sleep(5);
      throw cause;
    });
    const published = record();
    const error = await new ActionHandler(registry).execute('fails').catch((e: unknown) => e);
    expect(published.map(({ event }) => event)).toEqual(['start', 'end', 'error', 'asyncStart', 'asyncEnd']);
    const atError = published[2]!.fields;
    expect(atError.error).toBe(error);
    expect(atError).toMatchObject({ action: 'fails', scope: 'local', error: { code: 'EXECUTION_FAILED', cause } });
    expect(atError.durationMs).toBeGreaterThan(0);
    expect('result' in atError).toBe(false);
  });

  it('NOT_FOUND and a refused name leave scope undefined; the error is what the caller gets', async () => {
    const handler = new ActionHandler(registryWith());
    const published = record();
    const notFound = await handler.execute('missing').catch((e: unknown) => e);
    const refused = await handler.execute(' padded').catch((e: unknown) => e);
    const errors = published.filter(({ event }) => event === 'error').map(({ fields }) => fields);
    expect(errors).toEqual([
      { action: 'missing', scope: undefined, durationMs: expect.any(Number) as number, error: notFound },
      { action: ' padded', scope: undefined, durationMs: expect.any(Number) as number, error: refused },
    ]);
    expect(notFound).toMatchObject({ code: 'NOT_FOUND' });
    expect(refused).toBeInstanceOf(InvalidArgumentError);
    expect(errors.every(({ durationMs }) => Number.isFinite(durationMs) && durationMs! >= 0)).toBe(true);
  });

  it('TIMEOUT publishes error when the caller gives up, with the time up to then, while the action goes on', async () => {
    const registry = registryWith(engineLock('rwlock'));
    const release = gate();
    registry.registerLocal('slow', async () => {
      await release.promise;
      return {};
    });
    const published = record();
    const error = await new ActionHandler(registry).execute('slow', {}, { timeoutMs: 25 }).catch((e: unknown) => e);
    expect(ActionError.isInstance(error) && error.code).toBe('TIMEOUT');
    const atError = published.find(({ event }) => event === 'error')!.fields;
    expect(atError).toMatchObject({ action: 'slow', scope: 'local', error });
    expect(atError.durationMs).toBeGreaterThanOrEqual(24);
    expect(published.map(({ event }) => event)).toEqual(['start', 'end', 'error', 'asyncStart', 'asyncEnd']);
    release.open();
  });

  it('durationMs covers the wait for the lock as well as the run', async () => {
    const lock = engineLock('mutex');
    const registry = registryWith(lock);
    registry.registerLocal('quick', () => ({}));
    const held = lock.runExclusive(() => sleep(30));
    const published = record();
    await new ActionHandler(registry).execute('quick');
    await held;
    expect(published.find(({ event }) => event === 'asyncEnd')!.fields.durationMs).toBeGreaterThanOrEqual(29);
  });
});

describe('concurrent and nested executions', () => {
  it.each([
    ['a mutex (queued executions)', () => engineLock('mutex')],
    ['a rwlock (overlapping executions)', () => engineLock('rwlock')],
    ['no lock', undefined],
  ])('under %s, each execution has its own context, and its events pair up with its own result', async (_label, makeLock) => {
    const registry = registryWith(makeLock?.());
    const gates = [gate(), gate(), gate()];
    registry.registerLocal('job', async ({ id }) => {
      await gates[Number(id)]!.promise;
      return { id };
    });
    const published = record();
    const handler = new ActionHandler(registry);
    const runs = [0, 1, 2].map((id) => handler.execute('job', { id }));
    // Released in reverse: without a lock they finish 2, 1, 0; a mutex still runs them in order.
    for (const g of [...gates].reverse()) g.open();
    const results = await Promise.all(runs);
    const traces = [...new Set(published.map(({ trace }) => trace))];
    expect(traces).toHaveLength(3);
    for (const trace of traces) {
      expect(published.filter((p) => p.trace === trace).map(({ event }) => event)).toEqual(['start', 'end', 'asyncStart', 'asyncEnd']);
    }
    // Each start is published synchronously inside its execute() call, in call order.
    expect(published.slice(0, 6).map(({ event }) => event)).toEqual(['start', 'end', 'start', 'end', 'start', 'end']);
    expect(traces.map((trace) => trace.result)).toEqual(results);
    expect(results).toEqual([{ id: 0 }, { id: 1 }, { id: 2 }]);
  });

  interface Stored {
    trace: ExecutionTrace;
    parent: ExecutionTrace | undefined;
  }
  type Stores = Map<unknown, { before: unknown; after: unknown }>;

  /**
   * Binds an AsyncLocalStorage to `start` (as an APM does to make a span current), runs `x`
   * and `y` at once (and, without a lock, two `outer` executions that each execute `inner`),
   * and returns the store each action saw before and after its `await`, with each trace.
   */
  async function storesInsideActions(lock: LockStrategy | undefined): Promise<{ inside: Stores; traceOf: (id: string) => ExecutionTrace; nested: string[] }> {
    const registry = registryWith(lock);
    const storage = new AsyncLocalStorage<Stored>();
    const start = tracingChannel<Stored, ExecutionTrace>(REGISTRY_CHANNELS.execute).start;
    // The transform runs before the store is entered: what it reads is the caller's store.
    start.bindStore(storage, (trace) => ({ trace, parent: storage.getStore()?.trace }));
    cleanups.push(() => {
      start.unbindStore(storage);
    });
    const handler = new ActionHandler(registry);
    const inside: Stores = new Map();
    const release = gate();
    registry.registerLocal('inner', async ({ id }) => {
      const before = storage.getStore();
      await release.promise;
      inside.set(id, { before, after: storage.getStore() });
      return { id };
    });
    registry.registerLocal('outer', async ({ id }) => {
      const before = storage.getStore();
      await handler.execute('inner', { id: `${String(id)}.inner` });
      inside.set(id, { before, after: storage.getStore() });
      return { id };
    });
    const published = record();
    // Under a mutex a nested execution would wait for its parent's hold: only nest without one.
    const nested = lock === undefined ? ['a', 'b'] : [];
    const runs = [...nested.map((id) => handler.execute('outer', { id })), handler.execute('inner', { id: 'x' }), handler.execute('inner', { id: 'y' })];
    release.open();
    await Promise.all(runs);
    const traceOf = (id: string): ExecutionTrace => published.find((p) => p.event === 'asyncEnd' && (p.trace.result as { id: string }).id === id)!.trace;
    return { inside, traceOf, nested };
  }

  it.each([
    ['a mutex', () => engineLock('mutex')],
    ['a promise-chain mutex', testMutex],
    ['no lock', () => undefined],
  ])('under %s, a store bound to start is the execution’s own inside its action, and the parent of a nested one', async (_label, makeLock) => {
    const { inside, traceOf, nested } = await storesInsideActions(makeLock());
    for (const id of ['x', 'y', ...nested]) {
      const own = { trace: traceOf(id), parent: undefined };
      expect(inside.get(id)).toEqual({ before: own, after: own });
    }
    for (const id of nested) {
      const child = { trace: traceOf(`${id}.inner`), parent: traceOf(id) };
      expect(inside.get(`${id}.inner`)).toEqual({ before: child, after: child });
    }
  });

  it("the same check catches a lock that runs a waiter from its releaser's call (the waiter sees the releaser's store)", async () => {
    const { inside, traceOf } = await storesInsideActions(releaserContextMutex());
    expect(inside.get('x')?.before).toEqual({ trace: traceOf('x'), parent: undefined });
    expect(inside.get('y')?.before).toEqual({ trace: traceOf('x'), parent: undefined });
  });
});

/**
 * A mutex that is correct about exclusion but runs each queued function from inside the
 * previous holder's release, so async context (AsyncLocalStorage) flows from the releaser,
 * not from the waiter.
 */
function releaserContextMutex(): LockStrategy {
  let busy = false;
  const queue: (() => void)[] = [];
  const run = <T>(fn: () => T | PromiseLike<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const go = (): void => {
        busy = true;
        // `fn` runs here, in whichever call dequeued it: the previous holder's release.
        const outcome = new Promise<T>((settle) => {
          settle(fn());
        });
        void outcome.then(resolve, reject).finally(() => {
          busy = false;
          queue.shift()?.();
        });
      };
      if (busy) queue.push(go);
      else go();
    });
  return { kind: 'releaser-context-mutex', runExclusive: run, runShared: run };
}
