/**
 * The seed's `test_registry_thread_safety.py`, ported. Async tasks that yield between
 * operations stand in for threads. Every scenario is a function of the registry under test
 * and returns what it observed; each runs against the real `ActionRegistry` and against
 * `UnsafeRegistry`, the port of the Python code *without* the fix (read-modify-write across
 * an await, a clear that yields half-way), and the tests show the scenario catches it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActionRegistry } from './action-registry';
import type { ActionFunc } from './action-types';
import { recordingLogger, yieldToEventLoop } from './test-support.fixture';

type Maybe<T> = T | Promise<T>;

/** What the scenarios need of a registry. */
interface RegistryUnderTest {
  register(name: string, fn: ActionFunc): Maybe<void>;
  registerLocal(name: string, fn: ActionFunc): Maybe<void>;
  get(name: string): ActionFunc | undefined;
  listActions(): { global: readonly string[]; local: readonly string[] };
  clearGlobal(): Maybe<void>;
}

interface Subject {
  /** A fresh instance; the global scope is shared between instances of one subject. */
  create(): RegistryUnderTest;
  reset(): Maybe<void>;
}

const safe: Subject = {
  create() {
    const registry = new ActionRegistry();
    return {
      register: (name, fn) => {
        ActionRegistry.register(name)(fn);
      },
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
  reset: () => {
    ActionRegistry.clearGlobal();
  },
};

/** The deliberately broken variant: each write spans an await, as an unguarded async update would. */
class UnsafeRegistry implements RegistryUnderTest {
  static globals: Record<string, ActionFunc> = {};
  locals: Record<string, ActionFunc> = {};
  listed: string[] = [];

  async register(name: string, fn: ActionFunc): Promise<void> {
    const next = { ...UnsafeRegistry.globals };
    await Promise.resolve();
    next[name] = fn;
    UnsafeRegistry.globals = next;
  }

  async registerLocal(name: string, fn: ActionFunc): Promise<void> {
    this.listed.push(name);
    const next = { ...this.locals };
    await Promise.resolve();
    next[name] = fn;
    this.locals = next;
  }

  get(name: string): ActionFunc | undefined {
    return Object.hasOwn(this.locals, name) ? this.locals[name] : Object.hasOwn(UnsafeRegistry.globals, name) ? UnsafeRegistry.globals[name] : undefined;
  }

  listActions(): { global: string[]; local: string[] } {
    return { global: Object.keys(UnsafeRegistry.globals), local: [...this.listed] };
  }

  async clearGlobal(): Promise<void> {
    for (const name of Object.keys(UnsafeRegistry.globals)) {
      // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- the broken variant clears key by key
      delete UnsafeRegistry.globals[name];
      await yieldToEventLoop();
    }
  }
}

const unsafe: Subject = {
  create: () => new UnsafeRegistry(),
  reset: () => {
    UnsafeRegistry.globals = {};
  },
};

/** Alternates microtask and macrotask yields so that tasks interleave at many points. */
const yieldNow = (i: number): Promise<void> => (i % 3 === 0 ? yieldToEventLoop() : Promise.resolve());

/** Starts `count` tasks together and collects their results (ThreadPoolExecutor + as_completed). */
async function runWorkers<T>(count: number, task: (id: number) => Promise<T>): Promise<T[]> {
  let start!: () => void;
  const gateOpen = new Promise<void>((resolve) => (start = resolve));
  const tasks = Array.from({ length: count }, async (_, id) => {
    await gateOpen;
    return task(id);
  });
  start();
  return Promise.all(tasks);
}

async function concurrentGlobalRegistration(subject: Subject): Promise<{ missing: number; count: number }> {
  const threads = 10;
  const perThread = 100;
  const names = (
    await runWorkers(threads, async (threadId) => {
      const registered: string[] = [];
      for (let i = 0; i < perThread; i++) {
        const name = `action_${threadId}_${i}`;
        await subject.create().register(name, () => ({ thread: threadId, index: i }));
        registered.push(name);
        await yieldNow(i);
      }
      return registered;
    })
  ).flat();
  const registry = subject.create();
  return { missing: names.filter((name) => registry.get(name) === undefined).length, count: registry.listActions().global.length };
}

async function concurrentLocalRegistration(subject: Subject): Promise<{ missing: number; registered: number }> {
  const registry = subject.create();
  const names = (
    await runWorkers(10, async (threadId) => {
      const registered: string[] = [];
      for (let i = 0; i < 50; i++) {
        const name = `local_${threadId}_${i}`;
        await registry.registerLocal(name, () => ({ thread: threadId, index: i }));
        registered.push(name);
        await yieldNow(i);
      }
      return registered;
    })
  ).flat();
  return { missing: names.filter((name) => registry.get(name) === undefined).length, registered: names.length };
}

async function concurrentReadWrite(subject: Subject, durationMs = 150): Promise<{ errors: string[]; reads: number; writes: number }> {
  const registry = subject.create();
  for (let i = 0; i < 10; i++) await registry.register(`preset_${i}`, () => ({ preset: i }));
  const stop = new AbortController();
  const errors: string[] = [];
  let reads = 0;
  let writes = 0;
  const reader = async (): Promise<void> => {
    while (!stop.signal.aborted) {
      try {
        for (let i = 0; i < 10; i++) {
          if (registry.get(`preset_${i}`) === undefined) errors.push(`Reader error: preset_${i} missing`);
        }
        // Every listed action must be retrievable: a listing never runs ahead of the state.
        for (const name of registry.listActions().local) {
          if (registry.get(name) === undefined) errors.push(`Reader error: listed '${name}' not found`);
        }
        reads++;
      } catch (error) {
        errors.push(`Reader error: ${String(error)}`);
      }
      await yieldNow(reads);
    }
  };
  const writer = async (threadId: number): Promise<void> => {
    let count = 0;
    while (!stop.signal.aborted) {
      try {
        await registry.registerLocal(`dynamic_${threadId}_${count}`, () => ({}));
        count++;
        writes++;
      } catch (error) {
        errors.push(`Writer ${threadId} error: ${String(error)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  };
  const timer = setTimeout(() => { stop.abort(); }, durationMs);
  await Promise.all([reader(), reader(), reader(), writer(0), writer(1)]);
  clearTimeout(timer);
  return { errors: [...new Set(errors)], reads, writes };
}

async function clearGlobalIsAtomic(subject: Subject): Promise<{ errors: string[]; reads: number }> {
  const registry = subject.create();
  for (let i = 0; i < 100; i++) await registry.register(`clear_test_${i}`, () => ({}));
  const errors: string[] = [];
  let cleared = false;
  let reads = 0;
  // The reader keeps reading until the clear is over (at least 1000 times), yielding to the
  // event loop between reads so it interleaves with the clearer at every turn.
  const reader = async (): Promise<void> => {
    while (!cleared || reads < 1000) {
      const count = registry.listActions().global.length;
      if (count !== 0 && count !== 100) errors.push(`Partial state detected: ${count} actions`);
      reads++;
      await yieldNow(reads);
    }
  };
  const clearer = async (): Promise<void> => {
    await new Promise((resolve) => setTimeout(resolve, 10));
    await registry.clearGlobal();
    cleared = true;
  };
  await Promise.all([reader(), clearer()]);
  return { errors, reads };
}

describe('ActionRegistry thread safety (seed task 009)', () => {
  beforeEach(async () => {
    ActionRegistry.configure({ logger: recordingLogger(['warn', 'error']) });
    await safe.reset();
    await unsafe.reset();
  });

  afterEach(async () => {
    await safe.reset();
    await unsafe.reset();
    ActionRegistry.resetConfiguration();
  });

  it('test_concurrent_global_registration: 10 workers x 100 actions, none lost', async () => {
    expect(await concurrentGlobalRegistration(safe)).toEqual({ missing: 0, count: 1000 });
  });

  it('... and the scenario catches a registry without the fix (lost updates)', async () => {
    const report = await concurrentGlobalRegistration(unsafe);
    expect(report.count).toBeLessThan(1000);
    expect(report.missing).toBeGreaterThan(0);
  });

  it('test_concurrent_local_registration: 10 workers x 50 on one instance, none lost', async () => {
    expect(await concurrentLocalRegistration(safe)).toEqual({ missing: 0, registered: 500 });
  });

  it('... and the scenario catches a registry without the fix', async () => {
    expect((await concurrentLocalRegistration(unsafe)).missing).toBeGreaterThan(0);
  });

  it('test_concurrent_read_write: 3 readers and 2 writers with a stop signal, no errors', async () => {
    const report = await concurrentReadWrite(safe);
    expect(report.errors).toEqual([]);
    expect(report.reads).toBeGreaterThan(10);
    expect(report.writes).toBeGreaterThan(5);
  });

  it('... and the scenario catches a registry without the fix (listing ahead of the state)', async () => {
    const report = await concurrentReadWrite(unsafe);
    expect(report.errors.length).toBeGreaterThan(0);
    expect(report.errors.some((error) => error.includes('not found'))).toBe(true);
  });

  it('test_duplicate_registration_logs_warning (caplog)', () => {
    const caplog = recordingLogger(['warn', 'error']);
    ActionRegistry.configure({ logger: caplog });
    ActionRegistry.register('duplicate_test')(function first_action() {
      return { first: true };
    });
    ActionRegistry.register('duplicate_test')(function second_action() {
      return { second: true };
    });
    expect(caplog.text()).toContain('Overwriting');
    expect(caplog.text()).toContain('duplicate_test');
  });

  it('... and the check catches a registry that overwrites silently', () => {
    const caplog = recordingLogger(['warn', 'error']);
    ActionRegistry.configure({ logger: caplog, onDuplicate: 'ignore' });
    ActionRegistry.register('duplicate_test')(() => ({}));
    ActionRegistry.register('duplicate_test')(() => ({}));
    expect(caplog.text()).not.toContain('Overwriting');
  });

  it('test_clear_global_is_atomic: readers see 0 or 100 actions, never part', async () => {
    const report = await clearGlobalIsAtomic(safe);
    expect(report.errors).toEqual([]);
    expect(report.reads).toBeGreaterThanOrEqual(1000);
  });

  it('... and the scenario catches a clear that is not atomic', async () => {
    const { errors } = await clearGlobalIsAtomic(unsafe);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatch(/^Partial state detected: \d+ actions$/);
  });

  it('manual validation: 10 workers x 100 registrations -> Total: 1000 actions', async () => {
    await runWorkers(10, async (tid) => {
      for (let i = 0; i < 100; i++) {
        ActionRegistry.register(`t${tid}_a${i}`)(() => ({}));
        await yieldNow(i);
      }
    });
    expect(`Total: ${new ActionRegistry().listActions().global.length} actions`).toBe('Total: 1000 actions');
  });
});
