import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ActionRegistry } from './action-registry';
import type { ActionFunc } from './action-types';
import { MAX_TIMER_DELAY_MS, startTimer } from './timers';
import { recordingLogger } from './test-support.fixture';

const ok: ActionFunc = () => ({ ok: true });
/** For a schema whose output type is not declared (`unknown` inputs). */
const okAnyInputs: ActionFunc<unknown> = () => ({ ok: true });

describe('startTimer beyond the longest delay Node can arm', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fires once, at the full delay, not at the clamp and not early', () => {
    const fired = vi.fn();
    startTimer(fired, MAX_TIMER_DELAY_MS + 5_000);
    vi.advanceTimersByTime(MAX_TIMER_DELAY_MS);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(4_000);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1_000);
    expect(fired).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(MAX_TIMER_DELAY_MS * 2);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it('can be cancelled after it re-armed', () => {
    const fired = vi.fn();
    const cancel = startTimer(fired, MAX_TIMER_DELAY_MS * 2);
    vi.advanceTimersByTime(MAX_TIMER_DELAY_MS + 1);
    cancel();
    vi.advanceTimersByTime(MAX_TIMER_DELAY_MS * 2);
    expect(fired).not.toHaveBeenCalled();
  });
});

describe('the shared global scope', () => {
  it('sits on globalThis under its registered symbol, and user code cannot replace, delete or enumerate it', () => {
    const key = Symbol.for('@soni/core.global-scope.v1');
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, key);
    expect(descriptor).toMatchObject({ writable: false, configurable: false, enumerable: false });
    expect(descriptor?.value).toBeDefined();
    expect(Object.getOwnPropertySymbols(globalThis).filter((s) => Object.prototype.propertyIsEnumerable.call(globalThis, s))).not.toContain(key);
  });
});

describe('describeActions after a converter changed the registry', () => {
  beforeEach(() => {
    ActionRegistry.configure({ logger: recordingLogger() });
    ActionRegistry.clearGlobal();
  });
  afterEach(() => {
    ActionRegistry.clearGlobal();
    ActionRegistry.resetConfiguration();
  });

  it('does not keep the listing built before the change', () => {
    const registry = new ActionRegistry();
    // A Standard Schema without a JSON Schema of its own, so the converter is asked.
    const schema = { '~standard': { version: 1 as const, vendor: 'test', validate: (value: unknown) => ({ value }) } };
    registry.registerLocal('first', okAnyInputs, { schema });
    let registered = false;
    const toJsonSchema = (schema: unknown): unknown => {
      if (!registered) {
        registered = true;
        registry.registerLocal('second', ok);
      }
      return { converted: schema !== undefined };
    };
    expect(registry.describeActions({ toJsonSchema }).map((d) => d.name)).toEqual(['first']);
    expect(registered).toBe(true);
    expect(registry.list()).toEqual(['first', 'second']);
    expect(registry.describeActions({ toJsonSchema }).map((d) => d.name)).toEqual(['first', 'second']);
  });
});
