/**
 * How input problems are reported when the inputs or the schema misbehave: the original error
 * is kept as `cause`, and the message says what went wrong.
 */
import { describe, expect, it } from 'vitest';
import { ActionHandler } from './action-handler';
import { ActionRegistry } from './action-registry';

const schemaOf = (validate: (value: unknown) => unknown) => ({ '~standard': { version: 1 as const, vendor: 'test', validate } }) as never;

async function failure(registry: ActionRegistry, inputs: Record<string, unknown> = {}): Promise<unknown> {
  return new ActionHandler(registry).execute('x', inputs).then(
    () => 'resolved',
    (error: unknown) => error,
  );
}

describe('input problems', () => {
  it('unreadable inputs keep the error that reading them threw as cause', async () => {
    const registry = new ActionRegistry();
    registry.registerLocal('x', () => ({}), { inputs: ['token'] });
    const boom = new Error('getter exploded');
    const hostile = Object.defineProperty({}, 'token', {
      enumerable: true,
      get: () => {
        throw boom;
      },
    });
    expect(await failure(registry, hostile)).toMatchObject({ code: 'INVALID_INPUTS', cause: boom });
  });

  it('a schema that throws is INVALID_INPUTS saying so, with its error as cause', async () => {
    const registry = new ActionRegistry();
    const boom = new Error('validator crashed');
    registry.registerLocal('x', () => ({}), {
      schema: schemaOf(() => {
        throw boom;
      }),
    });
    expect(await failure(registry)).toMatchObject({ code: 'INVALID_INPUTS', message: "Action 'x' input validation threw: validator crashed", cause: boom });
  });

  it('a schema that produces something other than an object is INVALID_INPUTS naming what it produced', async () => {
    const registry = new ActionRegistry();
    registry.registerLocal('x', () => ({}), { schema: schemaOf(() => ({ value: 42 })) });
    expect(await failure(registry)).toMatchObject({
      code: 'INVALID_INPUTS',
      message: "Action 'x' invalid inputs: the schema produced 42, not an object",
    });
  });

  it('an issue path with a symbol key shows it in brackets', async () => {
    const registry = new ActionRegistry();
    registry.registerLocal('x', () => ({}), {
      schema: schemaOf(() => ({ issues: [{ message: 'bad', path: ['items', 0, Symbol('meta'), { key: 'name' }] }] })),
    });
    expect(await failure(registry)).toMatchObject({ message: "Action 'x' invalid inputs: items[0][Symbol(meta)].name: bad" });
  });
});

describe('inputs and results that are not objects', () => {
  it('non-object inputs never reach the action, on the uncontended path too', async () => {
    const registry = new ActionRegistry();
    let runs = 0;
    registry.registerLocal('x', () => {
      runs++;
      return {};
    });
    const handler = new ActionHandler(registry);
    for (const inputs of ['text', 42, null, ['a']]) {
      await expect(handler.execute('x', inputs as never)).rejects.toMatchObject({ code: 'INVALID_INPUTS' });
    }
    expect(runs).toBe(0);
  });

  it('a non-object result is EXECUTION_FAILED naming it, with or without a deadline', async () => {
    const registry = new ActionRegistry();
    registry.registerLocal('x', () => 42 as never);
    const handler = new ActionHandler(registry);
    for (const options of [undefined, { timeoutMs: 1000 }]) {
      await expect(handler.execute('x', {}, options)).rejects.toMatchObject({
        code: 'EXECUTION_FAILED',
        message: "Action execution failed: Action 'x' must return an object, got 42",
      });
    }
  });
});
