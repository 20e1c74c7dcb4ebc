import { describe, expectTypeOf, it } from 'vitest';
import type { ActionFunc, ActionListing, ActionResult } from './index';
import { ActionHandler, ActionRegistry } from './index';

describe('public types', () => {
  it('register returns a decorator that gives the function back with its own type', () => {
    const greet = (inputs: Record<string, unknown>): { greeting: string } => ({ greeting: String(inputs.name) });
    const decorated = ActionRegistry.register('greet')(greet);
    expectTypeOf(decorated).toEqualTypeOf(greet);
    expectTypeOf(new ActionRegistry().register('x')).returns.toBeFunction();
  });

  it('lookups and listings', () => {
    const registry = new ActionRegistry();
    expectTypeOf(registry.get('x')).toEqualTypeOf<ActionFunc | undefined>();
    expectTypeOf(registry.list()).toEqualTypeOf<string[]>();
    expectTypeOf(registry.listActions()).toEqualTypeOf<ActionListing>();
    expectTypeOf<ActionListing>().toEqualTypeOf<{ global: string[]; local: string[] }>();
  });

  it('execute resolves to an ActionResult; bad calls do not compile', () => {
    const handler = new ActionHandler(new ActionRegistry());
    expectTypeOf(handler.execute('x', { a: 1 })).resolves.toEqualTypeOf<ActionResult>();
    // @ts-expect-error inputs must be an object
    void handler.execute('x', 42);
    // @ts-expect-error unknown duplicate policy
    new ActionRegistry({ onDuplicate: 'replace' });
  });
});
