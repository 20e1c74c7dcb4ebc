/* eslint-disable @typescript-eslint/no-meaningless-void-operator, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-assignment --
   the lines under `@ts-expect-error` are wrong on purpose; the compiler types them as errors (any) */
import * as v from 'valibot';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import type { ActionContext, ActionFunc, ActionInputs } from './index';
import { ActionRegistry } from './index';

const zodBooking = z.object({ seats: z.number().int().min(1), note: z.string().optional() });
const valibotBooking = v.object({ seats: v.pipe(v.number(), v.integer(), v.minValue(1)), note: v.optional(v.string()) });
interface Booking {
  seats: number;
  note?: string | undefined;
}

describe('ActionRegistry.register (the decorator) infers inputs from its options', () => {
  it('a zod 4 schema types the inputs as its output', () => {
    ActionRegistry.register('book', { schema: zodBooking })((inputs, context) => {
      expectTypeOf(inputs).toEqualTypeOf<{ seats: number; note?: string | undefined }>();
      expectTypeOf(context).toEqualTypeOf<ActionContext>();
      // @ts-expect-error a property the schema does not have
      void inputs.seat;
      return { booked: inputs.seats };
    });
  });

  it('a valibot 1 schema types the inputs as its output', () => {
    ActionRegistry.register('book', { schema: valibotBooking })((inputs) => {
      expectTypeOf(inputs).toEqualTypeOf<{ seats: number; note?: string | undefined }>();
      // @ts-expect-error a property the schema does not have
      void inputs.seat;
      return { booked: inputs.seats };
    });
  });

  it('the output type of a transforming schema is what the action receives', () => {
    const schema = z.object({ when: z.string().transform((text) => new Date(text)) });
    ActionRegistry.register('at', { schema })((inputs) => {
      expectTypeOf(inputs.when).toEqualTypeOf<Date>();
      return { at: inputs.when.getTime() };
    });
  });

  it('returns the function unchanged, with its own type, result type included', () => {
    const book = ActionRegistry.register('book', { schema: zodBooking })(async ({ seats }) => ({ booked: seats, at: new Date() }));
    expectTypeOf(book).parameter(0).toEqualTypeOf<Booking>();
    expectTypeOf(book).returns.resolves.toEqualTypeOf<{ booked: number; at: Date }>();
    function declared(inputs: Booking): { booked: number } {
      return { booked: inputs.seats };
    }
    expectTypeOf(ActionRegistry.register('declared', { schema: zodBooking })(declared)).toEqualTypeOf(declared);
    expectTypeOf(new ActionRegistry().register('declared', { schema: valibotBooking })(declared)).toEqualTypeOf(declared);
  });

  it('works as a TC39 decorator on a static method, checked against the schema', () => {
    // eslint-disable-next-line @typescript-eslint/no-extraneous-class -- the decorator's target: a class of static actions
    class Bookings {
      @ActionRegistry.register('book', { schema: zodBooking })
      static book(inputs: Booking): { booked: number } {
        return { booked: inputs.seats };
      }
    }
    expectTypeOf(Bookings).toHaveProperty('book').parameter(0).toEqualTypeOf<Booking>();
    // eslint-disable-next-line @typescript-eslint/no-extraneous-class -- as above
    class Wrong {
      // @ts-expect-error the schema does not produce { name }
      @ActionRegistry.register('book', { schema: zodBooking })
      static book(inputs: { name: string }): { hello: string } {
        return { hello: inputs.name };
      }
    }
    expectTypeOf(Wrong).toHaveProperty('book').toBeFunction();
  });

  it('rejects a function whose inputs the schema does not produce', () => {
    const wantsName = (inputs: { name: string }) => ({ hello: inputs.name });
    // @ts-expect-error the schema produces { seats, note }, not { name }
    ActionRegistry.register('book', { schema: zodBooking })(wantsName);
    // @ts-expect-error the same with valibot
    ActionRegistry.register('book', { schema: valibotBooking })(wantsName);
  });

  it('rejects a result that is not an object', () => {
    // @ts-expect-error an action resolves to a result object
    ActionRegistry.register('n')(() => 42);
  });

  it('`inputs` names make those keys present, typed unknown', () => {
    ActionRegistry.register('pair', { inputs: ['a', 'b'] as const })((inputs) => {
      expectTypeOf(inputs).toEqualTypeOf<ActionInputs & { a: unknown; b: unknown }>();
      expectTypeOf(inputs.a).toBeUnknown();
      return { a: inputs.a, b: inputs.b };
    });
    // A literal array is read as the same tuple (the type parameter is `const`).
    ActionRegistry.register('pair', { inputs: ['a', 'b'] })((inputs) => {
      expectTypeOf(inputs).toEqualTypeOf<ActionInputs & { a: unknown; b: unknown }>();
      return {};
    });
    // @ts-expect-error the keys are present but unknown: not a string until checked
    ActionRegistry.register('pair', { inputs: ['a'] })((inputs) => ({ upper: inputs.a.toUpperCase() }));
  });

  it('without schema or inputs, the inputs are ActionInputs (today\'s untyped form)', () => {
    const untyped = ActionRegistry.register('plain')((inputs) => {
      expectTypeOf(inputs).toEqualTypeOf<ActionInputs>();
      return { ok: true };
    });
    expectTypeOf(untyped).returns.toEqualTypeOf<{ ok: boolean }>();
    const fn: ActionFunc = () => ({});
    expectTypeOf(ActionRegistry.register('plain', { description: 'x' })(fn)).toEqualTypeOf<ActionFunc>();
    // @ts-expect-error without a schema nothing promises a `name`
    ActionRegistry.register('plain')((inputs: { name: string }) => ({ hello: inputs.name }));
  });
});

describe('registry.registerLocal and tx.register infer inputs from their options', () => {
  it('registerLocal with zod and valibot', () => {
    const registry = new ActionRegistry();
    registry.registerLocal(
      'book',
      (inputs) => {
        expectTypeOf(inputs).toEqualTypeOf<Booking>();
        return { booked: inputs.seats };
      },
      { schema: zodBooking },
    );
    registry.registerLocal(
      'book',
      (inputs) => {
        expectTypeOf(inputs).toEqualTypeOf<Booking>();
        return { booked: inputs.seats };
      },
      { schema: valibotBooking },
    );
    // @ts-expect-error a property the schema does not have
    registry.registerLocal('book', (inputs) => ({ booked: inputs.seat }), { schema: zodBooking });
    // @ts-expect-error the same with valibot
    registry.registerLocal('book', (inputs) => ({ booked: inputs.seat }), { schema: valibotBooking });
    registry.registerLocal('pair', (inputs) => ({ a: inputs.a }), { inputs: ['a', 'b'] as const });
    registry.registerLocal('plain', (inputs) => {
      expectTypeOf(inputs).toEqualTypeOf<ActionInputs>();
      return {};
    });
  });

  it('tx.register with zod and valibot', async () => {
    await ActionRegistry.transaction((tx) => {
      tx.register(
        'book',
        (inputs) => {
          expectTypeOf(inputs).toEqualTypeOf<Booking>();
          return { booked: inputs.seats };
        },
        { schema: zodBooking },
      );
      tx.register(
        'book',
        (inputs) => {
          expectTypeOf(inputs).toEqualTypeOf<Booking>();
          return { booked: inputs.seats };
        },
        { schema: valibotBooking },
      );
      // @ts-expect-error a property the schema does not have
      tx.register('book', (inputs) => ({ booked: inputs.seat }), { schema: zodBooking });
      // @ts-expect-error the same with valibot
      tx.register('book', (inputs) => ({ booked: inputs.seat }), { schema: valibotBooking });
      tx.register('pair', (inputs) => ({ a: inputs.a }), { inputs: ['a'] as const });
    });
  });
});
