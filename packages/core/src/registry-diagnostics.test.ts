/**
 * The registry's plain `diagnostics_channel` channels: each publishes its documented message
 * once the change it reports is complete (a subscriber reading the registry sees the new
 * state), a refused change publishes nothing, a transaction publishes its changes and one
 * commit. The execute tracing channel is in `execution-tracing.test.ts`; what happens with
 * nobody subscribed, or with a subscriber that throws, in `diagnostics-subscribers.test.ts`.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ActionHandler } from './action-handler';
import { ActionRegistry } from './action-registry';
import { DuplicateActionError, InvalidArgumentError } from './errors';
import type { GlobalStash } from './global-stash';
import { REGISTRY_CHANNELS } from './registry-diagnostics';
import { engineLock, gate, recordingLogger, throwingLogger } from './test-support.fixture';

type PlainChannel = Exclude<keyof typeof REGISTRY_CHANNELS, 'execute'>;
const PLAIN: readonly PlainChannel[] = ['register', 'unregister', 'clear', 'commit', 'abandoned', 'loggerError'];

interface Seen {
  channel: PlainChannel;
  message: Record<string, unknown>;
  /** What the subscriber read from the registry when the message arrived. */
  state: unknown;
}

const subscriptions: [string, (message: unknown) => void][] = [];

/** Subscribes to every plain channel; `observe` runs inside each subscriber, at publish time. */
function record(observe: () => unknown = () => undefined): Seen[] {
  const seen: Seen[] = [];
  for (const channel of PLAIN) {
    const listener = (message: unknown): void => {
      seen.push({ channel, message: message as Record<string, unknown>, state: observe() });
    };
    subscribe(REGISTRY_CHANNELS[channel], listener);
    subscriptions.push([REGISTRY_CHANNELS[channel], listener]);
  }
  return seen;
}

const quiet = (): { logger: ReturnType<typeof recordingLogger> } => ({ logger: recordingLogger() });

let stash: GlobalStash;
beforeEach(() => {
  stash = ActionRegistry.stashGlobal();
  ActionRegistry.configure(quiet());
});

afterEach(() => {
  for (const [name, listener] of subscriptions.splice(0)) unsubscribe(name, listener);
  stash.restore();
  vi.restoreAllMocks();
});

describe('registry channels', () => {
  it('have stable names', () => {
    expect(REGISTRY_CHANNELS).toEqual({
      execute: 'soni:action:execute',
      register: 'soni:registry:register',
      unregister: 'soni:registry:unregister',
      clear: 'soni:registry:clear',
      commit: 'soni:registry:commit',
      abandoned: 'soni:action:abandoned',
      loggerError: 'soni:registry:logger-error',
    });
    expect(Object.isFrozen(REGISTRY_CHANNELS)).toBe(true);
  });

  it('register publishes once the action is in place, with its scope and whether it replaced one', () => {
    const registry = new ActionRegistry(quiet());
    const seen = record(() => ({ local: registry.get('x'), global: registry.get('g'), list: registry.list() }));
    const first = (): Record<string, unknown> => ({ v: 1 });
    const second = (): Record<string, unknown> => ({ v: 2 });
    const global = (): Record<string, unknown> => ({ g: true });
    registry.registerLocal('x', first);
    registry.registerLocal('x', second);
    ActionRegistry.register('g')(global);
    expect(seen).toEqual([
      { channel: 'register', message: { action: 'x', scope: 'local', replaced: false, transaction: false }, state: { local: first, global: undefined, list: ['x'] } },
      { channel: 'register', message: { action: 'x', scope: 'local', replaced: true, transaction: false }, state: { local: second, global: undefined, list: ['x'] } },
      { channel: 'register', message: { action: 'g', scope: 'global', replaced: false, transaction: false }, state: { local: second, global, list: ['g', 'x'] } },
    ]);
  });

  it('a refused registration publishes nothing', () => {
    const registry = new ActionRegistry({ ...quiet(), onDuplicate: 'error' });
    registry.registerLocal('x', () => ({}));
    const seen = record();
    expect(() => {
      registry.registerLocal('x', () => ({}));
    }).toThrow(DuplicateActionError);
    expect(() => {
      registry.registerLocal(' padded', () => ({}));
    }).toThrow(InvalidArgumentError);
    expect(() => {
      registry.registerLocal('y', 'not a function' as never);
    }).toThrow(InvalidArgumentError);
    expect(seen).toEqual([]);
  });

  it('unregister publishes once the action is gone; a name that was not there publishes nothing', () => {
    const registry = new ActionRegistry(quiet());
    registry.registerLocal('x', () => ({}));
    ActionRegistry.register('g')(() => ({}));
    const seen = record(() => registry.list());
    expect(registry.unregisterLocal('x')).toBe(true);
    expect(registry.unregisterLocal('x')).toBe(false);
    expect(ActionRegistry.unregister('g')).toBe(true);
    expect(ActionRegistry.unregister('missing')).toBe(false);
    expect(seen).toEqual([
      { channel: 'unregister', message: { action: 'x', scope: 'local', transaction: false }, state: ['g'] },
      { channel: 'unregister', message: { action: 'g', scope: 'global', transaction: false }, state: [] },
    ]);
  });

  it('clear publishes the count once the scope is empty, even when it was empty already', () => {
    const registry = new ActionRegistry(quiet());
    registry.registerLocal('a', () => ({}));
    registry.registerLocal('b', () => ({}));
    ActionRegistry.register('g')(() => ({}));
    const seen = record(() => registry.listActions());
    registry.clearLocal();
    ActionRegistry.clearGlobal();
    ActionRegistry.clear();
    expect(seen).toEqual([
      { channel: 'clear', message: { scope: 'local', count: 2 }, state: { global: ['g'], local: [] } },
      { channel: 'clear', message: { scope: 'global', count: 1 }, state: { global: [], local: [] } },
      { channel: 'clear', message: { scope: 'global', count: 0 }, state: { global: [], local: [] } },
    ]);
  });

  it('a transaction publishes each applied change flagged transaction: true, then one commit, all after the whole commit', async () => {
    const registry = new ActionRegistry(quiet());
    const old = (): Record<string, unknown> => ({ v: 1 });
    registry.registerLocal('b', old);
    registry.registerLocal('c', () => ({}));
    const seen = record(() => ({ list: registry.list(), b: registry.get('b') }));
    const a = (): Record<string, unknown> => ({ a: true });
    const b = (): Record<string, unknown> => ({ v: 2 });
    await registry.transaction((tx) => {
      tx.register('a', a);
      tx.register('b', b);
      tx.unregister('c');
      tx.unregister('never-there');
      // Nothing is published while the body runs: the changes are only staged.
      expect(seen).toEqual([]);
    });
    const committed = { list: ['a', 'b'], b };
    expect(seen).toEqual([
      { channel: 'register', message: { action: 'a', scope: 'local', replaced: false, transaction: true }, state: committed },
      { channel: 'register', message: { action: 'b', scope: 'local', replaced: true, transaction: true }, state: committed },
      { channel: 'unregister', message: { action: 'c', scope: 'local', transaction: true }, state: committed },
      { channel: 'commit', message: { scope: 'local', registered: ['a', 'b'], unregistered: ['c'] }, state: committed },
    ]);
  });

  it("the global transaction reports scope 'global'; an empty one still publishes its commit", async () => {
    const seen = record();
    await ActionRegistry.transaction((tx) => {
      tx.register('g', () => ({}));
    });
    await ActionRegistry.transaction(() => undefined);
    expect(seen.map(({ channel, message }) => ({ channel, message }))).toEqual([
      { channel: 'register', message: { action: 'g', scope: 'global', replaced: false, transaction: true } },
      { channel: 'commit', message: { scope: 'global', registered: ['g'], unregistered: [] } },
      { channel: 'commit', message: { scope: 'global', registered: [], unregistered: [] } },
    ]);
  });

  it("replaying a commit's events onto the state before it gives the committed state", async () => {
    const registry = new ActionRegistry(quiet());
    registry.registerLocal('kept', () => ({}));
    registry.registerLocal('dropped', () => ({}));
    const mirror = new Set(registry.listActions().local);
    const seen = record();
    await registry.transaction((tx) => {
      tx.register('twice', () => ({ v: 1 }));
      tx.register('twice', () => ({ v: 2 }));
      tx.register('brief', () => ({}));
      tx.unregister('brief');
      tx.unregister('dropped');
      tx.register('dropped', () => ({ back: true }));
    });
    for (const { channel, message } of seen) {
      if (channel === 'register') mirror.add(message.action as string);
      if (channel === 'unregister') mirror.delete(message.action as string);
    }
    expect([...mirror].sort()).toEqual([...registry.listActions().local].sort());
    expect(seen.filter(({ channel }) => channel === 'commit')).toHaveLength(1);
  });

  it('a transaction that throws, or that the duplicate policy refuses, publishes nothing', async () => {
    const registry = new ActionRegistry({ ...quiet(), onDuplicate: 'error' });
    registry.registerLocal('x', () => ({}));
    const seen = record();
    await expect(
      registry.transaction((tx) => {
        tx.register('y', () => ({}));
        throw new Error('body failed');
      }),
    ).rejects.toThrow('body failed');
    await expect(
      registry.transaction((tx) => {
        tx.register('z', () => ({}));
        tx.register('z', () => ({}));
      }),
    ).rejects.toThrow(DuplicateActionError);
    expect(seen).toEqual([]);
    expect(registry.list()).toEqual(['x']);
  });

  it('abandoned publishes when the caller of a running action gives up (ABORTED)', async () => {
    const registry = new ActionRegistry({ ...quiet(), lock: engineLock('rwlock') });
    const release = gate();
    const started = gate();
    registry.registerLocal('stuck', async () => {
      started.open();
      await release.promise;
      return {};
    });
    const seen = record();
    const controller = new AbortController();
    const execution = new ActionHandler(registry).execute('stuck', {}, { signal: controller.signal });
    await started.promise;
    controller.abort(new Error('client went away'));
    await expect(execution).rejects.toMatchObject({ code: 'ABORTED' });
    expect(seen).toEqual([{ channel: 'abandoned', message: { action: 'stuck', scope: 'local', runningMs: expect.any(Number) as number, code: 'ABORTED' }, state: undefined }]);
    release.open();
  });

  it('logger-error publishes the level and what the logger threw, after the change is made', () => {
    vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const logger = throwingLogger();
    const registry = new ActionRegistry({ logger });
    const seen = record(() => registry.list());
    registry.registerLocal('x', () => ({}));
    expect(seen.map(({ channel }) => channel)).toEqual(['loggerError', 'register']);
    expect(seen[0]).toEqual({ channel: 'loggerError', message: { level: 'debug', error: expect.any(Error) as Error }, state: ['x'] });
    expect((seen[0]?.message.error as Error).message).toBe('EPIPE: the log stream is closed');
  });
});
