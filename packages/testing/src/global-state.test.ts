import { ActionHandler, ActionRegistry, InvalidArgumentError } from '@soni/core';
import type { Logger } from '@soni/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { preserveGlobalRegistry } from './global-state';
import { createLogCapture } from './log-capture';
import { actionRegistryHarness, runRegistryConformance } from './registry-conformance';
import type { RegistryHarness } from './registry-conformance';

const SMALL = { threads: 3, actionsPerThread: 10, localThreads: 3, localActionsPerThread: 10, readWriteDurationMs: 50, clearCount: 20 };

/** An application's global state: an action with a resource to dispose, and its own logger. */
function setUpApplication(): { dispose: ReturnType<typeof vi.fn>; logger: Logger } {
  const dispose = vi.fn();
  const logger = createLogCapture();
  ActionRegistry.configure({ logger, onDuplicate: 'error' });
  ActionRegistry.register('app.greet', { dispose })(({ name }) => ({ greeting: `Hello ${String(name)}` }));
  return { dispose, logger };
}

/** A harness that resets the global scope instead of preserving it: the behaviour preserving replaces. */
function resettingHarness(): RegistryHarness {
  return {
    create: ({ logger }) => {
      ActionRegistry.clearGlobal();
      ActionRegistry.configure({ logger });
      const registry = new ActionRegistry({ logger });
      return {
        register: (name, fn) => ActionRegistry.register(name)(fn),
        registerLocal: (name, fn) => {
          registry.registerLocal(name, fn);
        },
        get: (name) => registry.get(name),
        listActions: () => registry.listActions(),
        clearGlobal: () => {
          ActionRegistry.clearGlobal();
        },
      };
    },
    teardown: () => {
      ActionRegistry.clearGlobal();
      ActionRegistry.resetConfiguration();
    },
  };
}

/** Runs the registry conformance suite with `harness`, inside `preserveGlobalRegistry` when asked. */
async function runSuite(harness: RegistryHarness, preserve: boolean): Promise<readonly unknown[]> {
  const restore = preserve ? preserveGlobalRegistry() : () => undefined;
  try {
    return (await runRegistryConformance(harness, SMALL)).failed;
  } finally {
    restore();
  }
}

describe('preserveGlobalRegistry', () => {
  afterEach(() => {
    ActionRegistry.clearGlobal();
    ActionRegistry.resetConfiguration();
  });

  for (const [name, harness] of [
    ['a harness that resets the global scope', resettingHarness()],
    ['actionRegistryHarness', actionRegistryHarness(ActionRegistry)],
  ] as const) {
    it(`lets the registry conformance suite (${name}) run inside an application without disturbing it`, async () => {
      const app = setUpApplication();
      expect(await runSuite(harness, true)).toEqual([]);
      expect(new ActionRegistry().list()).toEqual(['app.greet']);
      expect(ActionRegistry.configuration()).toMatchObject({ logger: app.logger, onDuplicate: 'error' });
      await new Promise((resolve) => setImmediate(resolve));
      expect(app.dispose).not.toHaveBeenCalled();
      await expect(new ActionHandler(new ActionRegistry()).execute('app.greet', { name: 'Ada' })).resolves.toEqual({ greeting: 'Hello Ada' });
    });
  }

  it('... and without it the same suite wipes the application\'s actions, disposes them and drops its logger', async () => {
    const app = setUpApplication();
    expect(await runSuite(resettingHarness(), false)).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(new ActionRegistry().has('app.greet')).toBe(false);
    expect(app.dispose).toHaveBeenCalled();
    expect(ActionRegistry.configuration().logger).not.toBe(app.logger);
  });

  it('accepts a subclass, and rejects what cannot stash', () => {
    class MyRegistry extends ActionRegistry {}
    ActionRegistry.register('kept')(() => ({}));
    const restore = preserveGlobalRegistry(MyRegistry);
    expect(new MyRegistry().list()).toEqual([]);
    restore();
    expect(new MyRegistry().list()).toEqual(['kept']);
    expect(() => preserveGlobalRegistry({} as never)).toThrow(InvalidArgumentError);
    expect(() => preserveGlobalRegistry(null as never)).toThrow(/expected a registry class with stashGlobal\(\), got null/);
    expect(() => {
      restore();
    }).toThrow(InvalidArgumentError);
  });
});
