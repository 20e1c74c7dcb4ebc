import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ActionHandler } from './action-handler';
import { ActionRegistry } from './action-registry';
import type { ActionFunc } from './action-types';
import { InvalidArgumentError } from './errors';
import { NO_LOCK } from './lock-strategy';
import { defaultLogger } from './logger';
import { gate, recordingLogger, testMutex, yieldToEventLoop } from './test-support.fixture';

const ok: ActionFunc = () => ({ ok: true });

describe('ActionRegistry.stashGlobal', () => {
  beforeEach(() => {
    ActionRegistry.clearGlobal();
    ActionRegistry.resetConfiguration();
  });

  afterEach(() => {
    ActionRegistry.clearGlobal();
    ActionRegistry.resetConfiguration();
  });

  it('sets the actions and the configuration aside and restore puts the same ones back', () => {
    const logger = recordingLogger();
    const lock = testMutex();
    ActionRegistry.configure({ lock, logger, onDuplicate: 'error' });
    const app = vi.fn(() => ({ app: true }));
    ActionRegistry.register('app')(app);
    ActionRegistry.register('other')(ok);
    const registry = new ActionRegistry();
    const before = registry.listActions();

    const stash = ActionRegistry.stashGlobal();
    expect(stash.actions).toEqual(['app', 'other']);
    expect(stash.configuration).toEqual({ lock, logger, onDuplicate: 'error' });
    expect(stash.restored).toBe(false);
    // The test sees an empty global scope with the defaults.
    expect(registry.listActions()).toEqual({ global: [], local: [] });
    expect(ActionRegistry.configuration()).toEqual({ lock: NO_LOCK, logger: defaultLogger(), onDuplicate: 'warn' });
    ActionRegistry.register('probe')(ok);
    ActionRegistry.configure({ logger: recordingLogger() });

    stash.restore();
    expect(stash.restored).toBe(true);
    expect(registry.listActions()).toEqual(before);
    expect(registry.get('app')).toBe(app);
    expect(registry.has('probe')).toBe(false);
    expect(ActionRegistry.configuration()).toEqual({ lock, logger, onDuplicate: 'error' });
  });

  it('disposes nothing it set aside, even when the test clears the global scope; disposes what the test left', async () => {
    const appDispose = vi.fn();
    const probeDispose = vi.fn();
    ActionRegistry.register('app', { dispose: appDispose })(ok);
    const stash = ActionRegistry.stashGlobal();
    ActionRegistry.register('probe', { dispose: probeDispose })(ok);
    ActionRegistry.register('app')(ok); // the test reuses the application's name
    ActionRegistry.clearGlobal();
    ActionRegistry.register('probe', { dispose: probeDispose })(ok);
    stash.restore();
    await yieldToEventLoop();
    expect(appDispose).not.toHaveBeenCalled();
    // Once for the registration the test cleared, once for the one restore removed.
    expect(probeDispose).toHaveBeenCalledTimes(2);
    await expect(new ActionHandler(new ActionRegistry()).execute('app')).resolves.toEqual({ ok: true });
  });

  it('lets an execution that was running when the stash was taken finish, with its action and without disposing it', async () => {
    const release = gate();
    const dispose = vi.fn();
    ActionRegistry.register('slow', { dispose })(async () => {
      await release.promise;
      return { done: true };
    });
    const running = new ActionHandler(new ActionRegistry()).execute('slow');
    await yieldToEventLoop();
    const stash = ActionRegistry.stashGlobal();
    release.open();
    await expect(running).resolves.toEqual({ done: true });
    stash.restore();
    await yieldToEventLoop();
    expect(dispose).not.toHaveBeenCalled();
    expect(new ActionRegistry().has('slow')).toBe(true);
  });

  it('nests: stashes restored in reverse order give each level back', () => {
    ActionRegistry.register('app')(ok);
    const outer = ActionRegistry.stashGlobal();
    ActionRegistry.register('suite')(ok);
    const inner = ActionRegistry.stashGlobal();
    ActionRegistry.register('test')(ok);
    inner.restore();
    expect(new ActionRegistry().list()).toEqual(['suite']);
    outer.restore();
    expect(new ActionRegistry().list()).toEqual(['app']);
  });

  it('refuses a second restore and changes nothing', () => {
    ActionRegistry.register('app')(ok);
    const stash = ActionRegistry.stashGlobal();
    stash.restore();
    ActionRegistry.register('later')(ok);
    expect(() => {
      stash.restore();
    }).toThrow(InvalidArgumentError);
    expect(new ActionRegistry().list()).toEqual(['app', 'later']);
  });

  it('leaves local scopes alone', () => {
    const registry = new ActionRegistry();
    registry.registerLocal('mine', ok);
    const stash = ActionRegistry.stashGlobal();
    expect(registry.listActions()).toEqual({ global: [], local: ['mine'] });
    stash.restore();
    expect(registry.listActions()).toEqual({ global: [], local: ['mine'] });
  });
});
