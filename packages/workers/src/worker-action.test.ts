import { ActionError, ActionHandler, ActionRegistry } from '@soni/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { WorkerCloneError, WorkerConfigError, WorkerModuleError } from './index';
import { ACTIONS, CJS_ACTIONS, causeOf, testPool } from './test-pools.fixture';

describe('a worker action', () => {
  it('runs its export in a pool thread and answers like any action', async () => {
    const pool = testPool();
    const registry = new ActionRegistry();
    registry.registerLocal('double', pool.action({ module: ACTIONS, export: 'double' }));
    expect(await new ActionHandler(registry).execute('double', { n: 21 })).toEqual({ doubled: 42 });
    expect(pool.threads).toBeGreaterThan(0);
  });

  it('runs off the calling thread: a 300 ms busy loop does not stall this one', async () => {
    const pool = testPool();
    const spin = pool.action({ module: ACTIONS, export: 'spin' });
    const registry = new ActionRegistry();
    registry.registerLocal('spin', spin);
    const running = new ActionHandler(registry).execute('spin', { ms: 300 });
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    await running;
    clearInterval(ticker);
    // Inline, the loop would take the thread for 300 ms and no tick could run.
    expect(ticks).toBeGreaterThan(10);
  });

  it('receives the action name and the fencing token in its context', async () => {
    const pool = testPool();
    const describeContext = pool.action({ module: ACTIONS, export: 'describeContext' });
    const result = await describeContext({ a: 1 }, { action: 'ctx', signal: new AbortController().signal, fencingToken: 7 });
    expect(result).toEqual({ action: 'ctx', aborted: false, fencingToken: 7, keys: ['a'] });
  });

  it('loads CommonJS modules, default exports, absolute paths and file: URL strings', async () => {
    const pool = testPool();
    const context = { action: 'x', signal: new AbortController().signal };
    expect(await pool.action({ module: CJS_ACTIONS, export: 'triple' })({ n: 2 }, context)).toEqual({ tripled: 6 });
    expect(await pool.action({ module: ACTIONS })({}, context)).toEqual({ from: 'default' });
    const path = new URL(ACTIONS).pathname;
    expect(await pool.action({ module: path, export: 'double' })({ n: 1 }, context)).toEqual({ doubled: 2 });
    expect(await pool.action({ module: ACTIONS.href, export: 'double' })({ n: 2 }, context)).toEqual({ doubled: 4 });
  });

  it('shows its export name and module, and is named after the export', () => {
    const action = testPool().action({ module: ACTIONS, export: 'double' });
    expect(action.name).toBe('double');
    expect(action.exportName).toBe('double');
    expect(action.module).toBe(ACTIONS.href);
  });

  it('has its inputs validated in the calling thread, before any thread starts', async () => {
    const pool = testPool();
    const registry = new ActionRegistry();
    registry.registerLocal('double', pool.action<{ n: number }, { doubled: number }>({ module: ACTIONS, export: 'double' }), {
      schema: z.object({ n: z.number() }),
    });
    const error = await new ActionHandler(registry).execute('double', { n: 'two' }).catch((e: unknown) => e);
    expect(ActionError.isInstance(error) && error.code).toBe('INVALID_INPUTS');
    expect(pool.threads).toBe(0);
    expect(await new ActionHandler(registry).execute('double', { n: 2 })).toEqual({ doubled: 4 });
  });
});

describe('errors from the worker', () => {
  it('keep their name, message, stack and code', async () => {
    const pool = testPool();
    const registry = new ActionRegistry();
    registry.registerLocal('overQuota', pool.action({ module: ACTIONS, export: 'overQuota' }));
    const error = await new ActionHandler(registry).execute('overQuota').catch((e: unknown) => e);
    expect(ActionError.isInstance(error) && error.code).toBe('EXECUTION_FAILED');
    expect((error as Error).message).toBe('Action execution failed: over quota');
    const cause = (error as Error).cause as Error & { code: unknown };
    expect(cause).toBeInstanceOf(Error);
    expect(cause.name).toBe('QuotaError');
    expect(cause.message).toBe('over quota');
    expect(cause.code).toBe('E_QUOTA');
    expect(cause.stack).toMatch(/^QuotaError: over quota\n\s+at overQuota \(.*actions\.fixture\.mjs/);
  });
});

describe('bad modules and exports', () => {
  it('a file that does not exist: WorkerModuleError (not-found) when the action is made', () => {
    const pool = testPool();
    const missing = new URL('./fixtures/missing.mjs', import.meta.url);
    const error = (() => {
      try {
        pool.action({ module: missing, export: 'x' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(WorkerModuleError.isInstance(error) && error.problem).toBe('not-found');
    expect((error as Error).message).toContain('missing.mjs');
  });

  it('a module that cannot load in the worker: WorkerModuleError (load) when it runs', async () => {
    const pool = testPool();
    const broken = pool.action({ module: 'data:text/javascript,export const x = ;', export: 'x' });
    const cause = await broken({}, { action: 'broken', signal: new AbortController().signal }).catch((e: unknown) => e);
    expect(WorkerModuleError.isInstance(cause) && cause.problem).toBe('load');
    expect((cause as Error).message).toMatch(/could not be loaded: .*Unexpected token/);
  });

  it('an export that is not a function, or not there: WorkerModuleError (export)', async () => {
    const pool = testPool();
    const registry = new ActionRegistry();
    registry.registerLocal('number', pool.action({ module: ACTIONS, export: 'notAFunction' }));
    registry.registerLocal('absent', pool.action({ module: ACTIONS, export: 'absent' }));
    const handler = new ActionHandler(registry);
    const number = await causeOf(handler.execute('number'));
    expect(WorkerModuleError.isInstance(number) && number.problem).toBe('export');
    expect((number as Error).message).toContain("(export 'notAFunction'): the export is not a function (number)");
    const absent = await causeOf(handler.execute('absent'));
    expect((absent as Error).message).toContain("(export 'absent'): the module has no such export");
  });

  it.each([
    ['a relative specifier', { module: './actions.mjs', export: 'x' }, 'module'],
    ['a bare specifier', { module: 'some-package/actions', export: 'x' }, 'module'],
    ['an https: URL', { module: new URL('https://example.com/a.js'), export: 'x' }, 'module'],
    ['a number', { module: 42, export: 'x' }, 'module'],
    ['an empty export', { module: ACTIONS, export: '' }, 'export'],
    ['an export that is not a name', { module: ACTIONS, export: 'not a name' }, 'export'],
    ['an unknown key', { module: ACTIONS, exports: 'double' }, 'action key'],
    ['null', null, 'action'],
  ])('a bad spec (%s): WorkerConfigError naming %s', (_label, spec, field) => {
    const pool = testPool();
    let error: unknown;
    try {
      pool.action(spec as never);
    } catch (e) {
      error = e;
    }
    expect(WorkerConfigError.isInstance(error) && error.field).toBe(field);
    expect(error).toBeInstanceOf(TypeError);
  });
});

describe('values that cannot cross threads', () => {
  it('inputs with a function or a symbol: WorkerCloneError naming the path; the action never ran', async () => {
    const pool = testPool();
    const registry = new ActionRegistry();
    registry.registerLocal('double', pool.action({ module: ACTIONS, export: 'double' }));
    const handler = new ActionHandler(registry);
    const fn = await causeOf(handler.execute('double', { n: 1, options: { onDone: () => undefined } }));
    expect(WorkerCloneError.isInstance(fn) && [fn.direction, fn.path]).toEqual(['inputs', 'options.onDone']);
    expect((fn as Error).message).toBe("The inputs of worker action 'double' cannot be copied between threads: a function 'onDone' at options.onDone");
    const symbol = await causeOf(handler.execute('double', { n: 1, tags: ['a', Symbol('b')] }));
    expect(WorkerCloneError.isInstance(symbol) && [symbol.path, symbol.message.includes('a symbol Symbol(b)')]).toEqual(['tags[1]', true]);
    const weak = await causeOf(handler.execute('double', { n: 1, cache: new WeakMap() }));
    expect(WorkerCloneError.isInstance(weak) && [weak.direction, weak.path]).toEqual(['inputs', 'cache']);
    expect((weak as Error).message).toContain('a WeakMap at cache');
    class Box {
      open = (): boolean => true;
    }
    const instance = await causeOf(handler.execute('double', { n: 1, box: new Box() }));
    expect(WorkerCloneError.isInstance(instance) && [instance.direction, instance.path]).toEqual(['inputs', undefined]);
    expect((instance as Error).message).toContain('could not be cloned');
    // The pool is unharmed.
    expect(await handler.execute('double', { n: 2 })).toEqual({ doubled: 4 });
  });

  it('results with a function, a symbol, a WeakMap or a refused class instance: WorkerCloneError, and the thread lives on', async () => {
    const pool = testPool({ maxThreads: 1 });
    const registry = new ActionRegistry();
    for (const name of ['returnFunction', 'returnSymbol', 'returnWeakMap', 'returnInstance', 'double']) {
      registry.registerLocal(name, pool.action({ module: ACTIONS, export: name }));
    }
    const handler = new ActionHandler(registry);
    const fn = await causeOf(handler.execute('returnFunction'));
    expect(WorkerCloneError.isInstance(fn) && [fn.direction, fn.path]).toEqual(['result', 'nested.onDone']);
    const symbol = await causeOf(handler.execute('returnSymbol'));
    expect(WorkerCloneError.isInstance(symbol) && symbol.path).toBe('id');
    const weak = await causeOf(handler.execute('returnWeakMap'));
    expect(WorkerCloneError.isInstance(weak) && weak.message).toContain('a WeakMap at cache');
    const instance = await causeOf(handler.execute('returnInstance'));
    expect(WorkerCloneError.isInstance(instance) && [instance.direction, instance.path]).toEqual(['result', undefined]);
    expect((instance as Error).message).toMatch(/cannot be copied between threads: .*could not be cloned/);
    const thread = pool.threads;
    expect(await handler.execute('double', { n: 3 })).toEqual({ doubled: 6 });
    expect(pool.threads).toBe(thread);
  });
});
