/* eslint-disable @typescript-eslint/no-meaningless-void-operator --
   the lines under `@ts-expect-error` are wrong on purpose; the compiler types them as errors (any) */
import * as v from 'valibot';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import type { ActionInputs, ActionResult, ActionSignature } from './index';
import { ActionHandler, ActionRegistry } from './index';

const registry = new ActionRegistry();

const greet = ActionRegistry.register('greet', { schema: z.object({ name: z.string(), polite: z.boolean().optional() }) })(({ name, polite }) => ({
  greeting: polite === true ? `Good day, ${name}` : `Hello ${name}`,
}));
const book = ActionRegistry.register('book', { schema: v.object({ seats: v.pipe(v.number(), v.minValue(1)) }) })(async ({ seats }) => ({
  booked: seats,
  reference: `B-${seats}`,
}));
const ping = ActionRegistry.register('ping')(() => ({ pong: true as const }));
const pair = ActionRegistry.register('pair', { inputs: ['a', 'b'] as const })(({ a, b }) => ({ pair: [a, b] }));
const toDate = z.object({ when: z.string().transform((text) => new Date(text)) });
ActionRegistry.register('at', { schema: toDate })(({ when }) => ({ at: when.getTime() }));

// A type alias, an interface and a signature written out all declare actions.
// eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- a type alias is one of the forms under test
type AppActions = {
  greet: typeof greet;
  book: typeof book;
  ping: typeof ping;
  pair: typeof pair;
  /** A transforming schema: `execute` takes the schema's input, the action gets its output. */
  at: ActionSignature<z.input<typeof toDate>, { at: number }>;
};
interface AppActionsInterface {
  greet: typeof greet;
}

describe('ActionHandler<Actions>: execute typed by name', () => {
  it('the decorator gave back the functions themselves', () => {
    expectTypeOf(greet).toBeFunction();
    expectTypeOf(book).returns.resolves.toEqualTypeOf<{ booked: number; reference: string }>();
    expectTypeOf(ping).returns.toEqualTypeOf<{ pong: true }>();
    expectTypeOf(pair).parameter(0).toHaveProperty('a');
  });

  const handler = new ActionHandler<AppActions>(registry);

  it('resolves to the action\'s own result type (zod, valibot, no schema)', async () => {
    expectTypeOf(handler.execute('greet', { name: 'Ada' })).resolves.toEqualTypeOf<{ greeting: string }>();
    expectTypeOf(handler.execute('book', { seats: 2 })).resolves.toEqualTypeOf<{ booked: number; reference: string }>();
    expectTypeOf(handler.execute('ping')).resolves.toEqualTypeOf<{ pong: true }>();
    expectTypeOf(handler.execute('at', { when: '2025-01-01' })).resolves.toEqualTypeOf<{ at: number }>();
    const { greeting } = await handler.execute('greet', { name: 'Ada' });
    expectTypeOf(greeting).toBeString();
  });

  it('rejects a wrong action name', () => {
    // @ts-expect-error 'gret' is not a declared action
    void handler.execute('gret', { name: 'Ada' });
  });

  it('rejects a wrong input property and a wrong input type (zod)', () => {
    // @ts-expect-error 'nmae' is not an input of greet
    void handler.execute('greet', { nmae: 'Ada' });
    // @ts-expect-error name is a string
    void handler.execute('greet', { name: 42 });
  });

  it('rejects a wrong input property and a wrong input type (valibot)', () => {
    // @ts-expect-error 'seat' is not an input of book
    void handler.execute('book', { seat: 2 });
    // @ts-expect-error seats is a number
    void handler.execute('book', { seats: '2' });
  });

  it('rejects a missing required input, and leaving out the inputs of an action that has some', () => {
    // @ts-expect-error greet requires name (zod)
    void handler.execute('greet', { polite: true });
    // @ts-expect-error book requires seats (valibot)
    void handler.execute('book', {});
    // @ts-expect-error greet has required inputs: they cannot be left out
    void handler.execute('greet');
    // @ts-expect-error pair requires a and b
    void handler.execute('pair', { a: 1 });
    void handler.execute('pair', { a: 1, b: 'two' });
  });

  it('rejects using a result field that does not exist', async () => {
    const result = await handler.execute('greet', { name: 'Ada' });
    // @ts-expect-error greet returns { greeting }, not { message }
    void result.message;
    const booking = await handler.execute('book', { seats: 1 });
    // @ts-expect-error book returns { booked, reference }
    void booking.seats;
  });

  it('the options stay the third argument', () => {
    void handler.execute('greet', { name: 'Ada' }, { timeoutMs: 100, signal: AbortSignal.timeout(100) });
    void handler.execute('ping', undefined, { timeoutMs: 100 });
    // @ts-expect-error unknown execute option
    void handler.execute('ping', {}, { timeout: 100 });
  });

  it('accepts an interface as the declaration too', () => {
    const typed = new ActionHandler<AppActionsInterface>(registry);
    expectTypeOf(typed.execute('greet', { name: 'Ada' })).resolves.toEqualTypeOf<{ greeting: string }>();
    // @ts-expect-error only greet is declared
    void typed.execute('book', { seats: 1 });
  });

  it('rejects a declaration that is not a map of actions', () => {
    // @ts-expect-error a number is not an action
    new ActionHandler<{ greet: number }>(registry);
  });
});

describe('ActionHandler without a declaration: untyped use keeps working', () => {
  it('any name, ActionInputs in, ActionResult out', () => {
    const handler = new ActionHandler(registry);
    expectTypeOf<Parameters<typeof handler.execute>[0]>().toBeString();
    expectTypeOf(handler.execute('anything', { any: 'thing' })).resolves.toEqualTypeOf<ActionResult>();
    expectTypeOf(handler.execute('anything')).resolves.toEqualTypeOf<ActionResult>();
    const dynamic: string = ['greet', 'book'].join('');
    const inputs: ActionInputs = { name: 'Ada' };
    expectTypeOf(handler.execute(dynamic, inputs, { timeoutMs: 10 })).resolves.toEqualTypeOf<ActionResult>();
    // @ts-expect-error inputs are an object
    void handler.execute('x', 'inputs');
  });
});
