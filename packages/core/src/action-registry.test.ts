import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ActionRegistry } from './action-registry';
import type { ActionFunc } from './action-types';
import { DuplicateActionError, InvalidArgumentError } from './errors';
import { recordingLogger } from './test-support.fixture';

const ok: ActionFunc = () => ({ ok: true });

function named(name: string): ActionFunc {
  return { [name]: () => ({ from: name }) }[name] as ActionFunc;
}

describe('ActionRegistry', () => {
  let log: ReturnType<typeof recordingLogger>;

  beforeEach(() => {
    log = recordingLogger();
    ActionRegistry.configure({ logger: log });
    ActionRegistry.clearGlobal();
    log.records.length = 0;
  });

  afterEach(() => {
    ActionRegistry.clearGlobal();
    ActionRegistry.resetConfiguration();
  });

  describe('global registration (the decorator)', () => {
    it('registers the function and returns it unchanged', () => {
      const fn = named('myAction');
      const returned = ActionRegistry.register('my_action')(fn);
      expect(returned).toBe(fn);
      expect(new ActionRegistry().get('my_action')).toBe(fn);
    });

    it('is reachable from an instance, as the Python classmethod is', () => {
      const registry = new ActionRegistry();
      const fn = named('viaInstance');
      registry.register('via_instance')(fn);
      expect(new ActionRegistry().get('via_instance')).toBe(fn);
      expect(registry.listActions()).toEqual({ global: ['via_instance'], local: [] });
    });

    it('is shared by every instance', () => {
      const a = new ActionRegistry();
      const b = new ActionRegistry();
      ActionRegistry.register('shared')(ok);
      expect(a.get('shared')).toBe(ok);
      expect(b.get('shared')).toBe(ok);
    });

    it('works as a TC39 decorator on a static method', () => {
      const decorator = ActionRegistry.register('static_method');
      const run = (): Record<string, unknown> => ({ ran: true });
      const decorated = decorator(run, { kind: 'method', name: 'run', static: true });
      expect(decorated).toBe(run);
      expect(new ActionRegistry().get('static_method')).toBe(run);
    });

    it('logs the registration at debug with structured fields', () => {
      ActionRegistry.register('logged')(ok);
      expect(log.records).toContainEqual({
        level: 'debug',
        message: 'Registered global action: logged',
        fields: { action: 'logged', scope: 'global' },
      });
    });

    it('does not build debug messages when debug is off', () => {
      const quiet = recordingLogger(['warn', 'error']);
      ActionRegistry.configure({ logger: quiet });
      ActionRegistry.register('quiet')(ok);
      expect(quiet.records).toEqual([]);
    });
  });

  describe('local registration', () => {
    it('takes precedence over a global action of the same name', () => {
      const registry = new ActionRegistry();
      const global = named('globalOne');
      const local = named('localOne');
      ActionRegistry.register('same')(global);
      registry.registerLocal('same', local);
      expect(registry.get('same')).toBe(local);
      expect(new ActionRegistry().get('same')).toBe(global);
    });

    it('is private to its instance', () => {
      const a = new ActionRegistry();
      const b = new ActionRegistry();
      a.registerLocal('mine', ok);
      expect(a.has('mine')).toBe(true);
      expect(b.has('mine')).toBe(false);
    });

    it('logs at debug through the instance logger', () => {
      const local = recordingLogger();
      new ActionRegistry({ logger: local }).registerLocal('x', ok);
      expect(local.records).toEqual([{ level: 'debug', message: 'Registered local action: x', fields: { action: 'x', scope: 'local' } }]);
    });
  });

  describe('overwriting', () => {
    it('warns with the Python message for a global action, and overwrites', () => {
      const first = named('first_action');
      const second = named('second_action');
      ActionRegistry.register('duplicate_test')(first);
      ActionRegistry.register('duplicate_test')(second);
      const warnings = log.records.filter((r) => r.level === 'warn');
      expect(warnings).toEqual([
        {
          level: 'warn',
          message: "Overwriting existing global action 'duplicate_test'. Previous: first_action, New: second_action",
          fields: { action: 'duplicate_test', scope: 'global', previous: 'first_action', next: 'second_action' },
        },
      ]);
      expect(new ActionRegistry().get('duplicate_test')).toBe(second);
    });

    it('warns for a local action too', () => {
      const local = recordingLogger();
      const registry = new ActionRegistry({ logger: local });
      registry.registerLocal('x', named('f'));
      registry.registerLocal('x', named('g'));
      expect(local.text()).toContain("WARN Overwriting existing local action 'x'. Previous: f, New: g");
    });

    it("names anonymous functions '<anonymous>'", () => {
      ActionRegistry.register('anon')(() => ({}));
      const anonymous = [(): Record<string, unknown> => ({})][0]!;
      ActionRegistry.register('anon')(anonymous);
      expect(log.text()).toContain("Previous: <anonymous>, New: <anonymous>");
    });

    it("throws DuplicateActionError and keeps the first with onDuplicate: 'error'", () => {
      const registry = new ActionRegistry({ onDuplicate: 'error' });
      const first = named('first');
      registry.registerLocal('x', first);
      expect(() => {
        registry.registerLocal('x', named('second'));
      }).toThrow(DuplicateActionError);
      expect(registry.get('x')).toBe(first);
      ActionRegistry.configure({ onDuplicate: 'error', logger: log });
      ActionRegistry.register('g')(first);
      const error = catchError(() => ActionRegistry.register('g')(named('second')));
      expect(DuplicateActionError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ code: 'DUPLICATE_ACTION', action: 'g', scope: 'global' });
      expect(new ActionRegistry().get('g')).toBe(first);
    });

    it("overwrites silently with onDuplicate: 'ignore'", () => {
      const local = recordingLogger();
      const registry = new ActionRegistry({ logger: local, onDuplicate: 'ignore' });
      const second = named('second');
      registry.registerLocal('x', named('first'));
      registry.registerLocal('x', second);
      expect(registry.get('x')).toBe(second);
      expect(local.records.filter((r) => r.level === 'warn')).toEqual([]);
    });
  });

  describe('lookup', () => {
    it('returns undefined for unknown names', () => {
      const registry = new ActionRegistry();
      expect(registry.get('missing')).toBeUndefined();
      expect(registry.has('missing')).toBe(false);
    });

    it('accepts any string as a name, __proto__ included, and never returns Object.prototype members', () => {
      const registry = new ActionRegistry();
      expect(registry.get('toString')).toBeUndefined();
      expect(registry.get('constructor')).toBeUndefined();
      expect(registry.get('__proto__')).toBeUndefined();
      registry.registerLocal('__proto__', ok);
      ActionRegistry.register('hasOwnProperty')(ok);
      expect(registry.get('__proto__')).toBe(ok);
      expect(registry.get('hasOwnProperty')).toBe(ok);
      expect(registry.list()).toEqual(['__proto__', 'hasOwnProperty']);
    });
  });

  describe('listing', () => {
    it('lists by scope in registration order (list_actions)', () => {
      const registry = new ActionRegistry();
      ActionRegistry.register('b')(ok);
      ActionRegistry.register('a')(ok);
      registry.registerLocal('z', ok);
      registry.registerLocal('y', ok);
      expect(registry.listActions()).toEqual({ global: ['b', 'a'], local: ['z', 'y'] });
    });

    it('list() is the sorted union without repeats', () => {
      const registry = new ActionRegistry();
      ActionRegistry.register('b')(ok);
      ActionRegistry.register('shared')(ok);
      registry.registerLocal('shared', ok);
      registry.registerLocal('a', ok);
      expect(registry.list()).toEqual(['a', 'b', 'shared']);
    });

    it('returns the same frozen snapshot until something changes', () => {
      const registry = new ActionRegistry();
      ActionRegistry.register('a')(ok);
      const first = registry.listActions();
      const firstList = registry.list();
      expect(registry.listActions()).toBe(first);
      expect(registry.list()).toBe(firstList);
      expect(Object.isFrozen(first)).toBe(true);
      expect(Object.isFrozen(first.global)).toBe(true);
      expect(Object.isFrozen(firstList)).toBe(true);
      expect(() => (first.global as string[]).push('x')).toThrow(TypeError);
      // A change in either scope invalidates both views.
      registry.registerLocal('b', ok);
      expect(registry.listActions()).not.toBe(first);
      expect(registry.listActions()).toEqual({ global: ['a'], local: ['b'] });
      const beforeGlobalChange = registry.list();
      ActionRegistry.unregister('a');
      expect(registry.list()).not.toBe(beforeGlobalChange);
      expect(registry.list()).toEqual(['b']);
    });

    it('does not redo the work between writes (the names are not re-read)', () => {
      const registry = new ActionRegistry();
      for (let i = 0; i < 100; i++) ActionRegistry.register(`a${i}`)(ok);
      registry.listActions();
      registry.list();
      const keys = vi.spyOn(Map.prototype, 'keys');
      const sort = vi.spyOn(Array.prototype, 'sort');
      try {
        for (let i = 0; i < 10; i++) {
          registry.listActions();
          registry.list();
        }
        expect(keys).not.toHaveBeenCalled();
        expect(sort).not.toHaveBeenCalled();
      } finally {
        keys.mockRestore();
        sort.mockRestore();
      }
    });
  });

  describe('clearing and removal', () => {
    it('clearGlobal removes every global action and logs the Python info message', () => {
      ActionRegistry.register('a')(ok);
      ActionRegistry.register('b')(ok);
      ActionRegistry.clearGlobal();
      expect(new ActionRegistry().listActions().global).toEqual([]);
      expect(log.records).toContainEqual({ level: 'info', message: 'Cleared 2 global actions', fields: { scope: 'global', count: 2 } });
    });

    it('clear is an alias of clearGlobal', () => {
      ActionRegistry.register('a')(ok);
      ActionRegistry.clear();
      expect(new ActionRegistry().has('a')).toBe(false);
      expect(log.text()).toContain('INFO Cleared 1 global actions');
    });

    it('clearLocal removes only this instance’s actions and logs at debug', () => {
      const local = recordingLogger();
      const registry = new ActionRegistry({ logger: local });
      ActionRegistry.register('g')(ok);
      registry.registerLocal('l1', ok);
      registry.registerLocal('l2', ok);
      registry.clearLocal();
      expect(registry.listActions()).toEqual({ global: ['g'], local: [] });
      expect(local.records).toContainEqual({ level: 'debug', message: 'Cleared 2 local actions', fields: { scope: 'local', count: 2 } });
    });

    it('unregister and unregisterLocal report whether the name existed', () => {
      const registry = new ActionRegistry();
      ActionRegistry.register('g')(ok);
      registry.registerLocal('l', ok);
      expect(ActionRegistry.unregister('g')).toBe(true);
      expect(ActionRegistry.unregister('g')).toBe(false);
      expect(registry.unregisterLocal('l')).toBe(true);
      expect(registry.unregisterLocal('l')).toBe(false);
      expect(registry.list()).toEqual([]);
      expect(log.text()).toContain('DEBUG Unregistered global action: g');
    });

    it('unregistering a local action uncovers the global one', () => {
      const registry = new ActionRegistry();
      const global = named('global');
      ActionRegistry.register('x')(global);
      registry.registerLocal('x', named('local'));
      registry.unregisterLocal('x');
      expect(registry.get('x')).toBe(global);
    });
  });

  describe('dispose', () => {
    it('runs exactly once when an action is replaced, removed or cleared', async () => {
      const registry = new ActionRegistry({ logger: recordingLogger() });
      const disposeReplaced = vi.fn();
      const disposeRemoved = vi.fn();
      const disposeCleared = vi.fn();
      const disposeGlobal = vi.fn();
      registry.registerLocal('replaced', ok, { dispose: disposeReplaced });
      registry.registerLocal('replaced', ok);
      registry.registerLocal('removed', ok, { dispose: disposeRemoved });
      registry.unregisterLocal('removed');
      registry.unregisterLocal('removed');
      registry.registerLocal('cleared', ok, { dispose: disposeCleared });
      registry.clearLocal();
      registry.clearLocal();
      ActionRegistry.register('g', { dispose: disposeGlobal })(ok);
      ActionRegistry.clearGlobal();
      // Not during the synchronous step that retired them...
      expect(disposeReplaced).not.toHaveBeenCalled();
      await Promise.resolve();
      for (const dispose of [disposeReplaced, disposeRemoved, disposeCleared, disposeGlobal]) {
        expect(dispose).toHaveBeenCalledTimes(1);
      }
    });

    it('logs dispose errors (sync and async) and never throws them', async () => {
      const local = recordingLogger();
      const registry = new ActionRegistry({ logger: local });
      registry.registerLocal('sync', ok, {
        dispose: () => {
          throw new Error('sync boom');
        },
      });
      registry.registerLocal('async', ok, { dispose: () => Promise.reject(new Error('async boom')) });
      expect(() => {
        registry.clearLocal();
      }).not.toThrow();
      await new Promise((resolve) => setImmediate(resolve));
      const errors = local.records.filter((r) => r.level === 'error').map((r) => r.message);
      expect(errors).toEqual(["Disposing local action 'sync' failed: sync boom", "Disposing local action 'async' failed: async boom"]);
    });
  });

  describe('bad input', () => {
    const badNames: unknown[] = ['', ' ', ' padded', 'line\nbreak', 'esc\u001b[31m', 'bidi\u202e', 'x'.repeat(257), 42, null, undefined, {}, Symbol('s')];

    it.each(badNames)('rejects the name %s with a TypeError and changes nothing', (bad) => {
      const registry = new ActionRegistry();
      registry.registerLocal('keep', ok);
      ActionRegistry.register('keepGlobal')(ok);
      const before = registry.listActions();
      const calls: (() => unknown)[] = [
        () => ActionRegistry.register(bad as string),
        () => registry.register(bad as string),
        () => {
          registry.registerLocal(bad as string, ok);
        },
        () => ActionRegistry.unregister(bad as string),
        () => registry.unregisterLocal(bad as string),
      ];
      for (const call of calls) {
        const error = catchError(call);
        expect(error).toBeInstanceOf(TypeError);
        expect(InvalidArgumentError.isInstance(error)).toBe(true);
        expect((error as Error).message).toMatch(/action name must (be a string|not be empty|not be blank|not start or end with whitespace|not contain control characters|be at most 256 characters)/);
        // The message never carries the raw control characters, nor the whole of a long name.
        // eslint-disable-next-line no-control-regex -- checking that none of them leaked
        expect((error as Error).message).not.toMatch(new RegExp('[\\n\\u001b\\u202e]'));
        expect((error as Error).message.length).toBeLessThan(300);
      }
      // Lookups only need a string: a name that cannot be registered is simply not found.
      if (typeof bad === 'string') {
        expect(registry.get(bad)).toBeUndefined();
        expect(registry.has(bad)).toBe(false);
      } else {
        expect(() => registry.get(bad as string)).toThrow(/action name must be a string/);
        expect(() => registry.has(bad as string)).toThrow(/action name must be a string/);
      }
      expect(registry.listActions()).toBe(before);
    });

    it('accepts names at the limits of the policy', () => {
      const registry = new ActionRegistry();
      for (const name of ['a', 'x'.repeat(256), 'with inner spaces', 'ünïcödé-名前', 'dots.and:colons/slashes']) {
        registry.registerLocal(name, ok);
        expect(registry.has(name)).toBe(true);
      }
    });

    it.each([
      ['a generator function', function* gen() { yield 1; }],
      ['an async generator function', async function* agen() { yield 1; }],
    ])('rejects %s as an action: its body would never run', (_label, fn) => {
      const registry = new ActionRegistry();
      expect(() => { registry.registerLocal('gen', fn as never); }).toThrow(/is a generator function/);
      expect(() => ActionRegistry.register('gen')(fn as never)).toThrow(InvalidArgumentError);
      expect(registry.has('gen')).toBe(false);
    });

    it.each([42, 'fn', null, undefined, {}])('rejects the handler %s with a TypeError and changes nothing', (bad) => {
      const registry = new ActionRegistry();
      const before = registry.listActions();
      expect(() => ActionRegistry.register('x')(bad as ActionFunc)).toThrow(/the action handler must be a function, got /);
      expect(() => {
        registry.registerLocal('x', bad as ActionFunc);
      }).toThrow(TypeError);
      expect(registry.listActions()).toBe(before);
    });

    it('rejects bad action options before registering', () => {
      const registry = new ActionRegistry();
      const cases: [unknown, RegExp][] = [
        ['inputs', /options must be an object, got 'inputs'/],
        [{ inputs: 'a' }, /'inputs' must be an array of non-empty strings/],
        [{ inputs: [''] }, /'inputs' must be an array of non-empty strings/],
        [{ schema: {} }, /'schema' must be a Standard Schema validator/],
        [{ description: 1 }, /'description' must be a string/],
        [{ dispose: 'no' }, /'dispose' must be a function/],
        [{ input: ['a'] }, /unknown option 'input' \(valid options: inputs, schema, description, dispose\)/],
      ];
      for (const [options, message] of cases) {
        expect(() => {
          registry.registerLocal('x', ok, options as never);
        }).toThrow(message);
        expect(() => ActionRegistry.register('x', options as never)).toThrow(message);
      }
      expect(registry.list()).toEqual([]);
    });

    it('rejects bad registry options and leaves the configuration as it was', () => {
      const cases: [unknown, RegExp][] = [
        [null, /options must be an object, got null/],
        ['rwlock', /options must be an object, got 'rwlock'/],
        [{ onDuplicate: 'replace' }, /'onDuplicate' must be one of 'warn', 'error', 'ignore', got 'replace'/],
        [{ lock: 'mutex' }, /'lock' must be a LockStrategy/],
        [{ logger: console.log }, /'logger' must be a Logger/],
        [{ locks: {} }, /unknown option 'locks' \(valid options: lock, logger, onDuplicate\)/],
      ];
      for (const [options, message] of cases) {
        expect(() => new ActionRegistry(options as never)).toThrow(message);
        expect(() => {
          ActionRegistry.configure(options as never);
        }).toThrow(message);
      }
      expect(() => {
        ActionRegistry.configure(undefined as never);
      }).toThrow(/configure\(\): options must be an object/);
      // The global configuration is untouched: the recording logger still receives.
      ActionRegistry.register('x')(ok);
      expect(log.text()).toContain('Registered global action: x');
    });
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}
