/* eslint-disable @typescript-eslint/no-unsafe-call -- the lines under `@ts-expect-error` are wrong on purpose; the compiler types them as errors (any) */
import { describe, expectTypeOf, it } from 'vitest';
import type { ActionFunc, ActionListing, ActionResult, GlobalStash, LockStrategy, Logger, RegistryConfiguration } from './index';
import { ActionHandler, ActionRegistry } from './index';

describe('public types', () => {
  it('register returns a decorator that gives the function back with its own type', () => {
    const greet = (inputs: Record<string, unknown>): { greeting: string } => ({ greeting: String(inputs.name) });
    const decorated = ActionRegistry.register('greet')(greet);
    expectTypeOf(decorated).toEqualTypeOf(greet);
    expectTypeOf(new ActionRegistry().register('x')).returns.toBeFunction();
  });

  it('lookups and listings: the listings are read-only, as the frozen snapshots they are', () => {
    const registry = new ActionRegistry();
    expectTypeOf(registry.get('x')).toEqualTypeOf<ActionFunc | undefined>();
    expectTypeOf(registry.list()).toEqualTypeOf<readonly string[]>();
    expectTypeOf(registry.listActions()).toEqualTypeOf<ActionListing>();
    expectTypeOf<ActionListing>().toEqualTypeOf<{ readonly global: readonly string[]; readonly local: readonly string[] }>();
    // @ts-expect-error a frozen snapshot cannot be changed
    registry.list().push('x');
    // @ts-expect-error nor can its arrays
    registry.listActions().global.push('x');
  });

  it('configuration: configure merges, reset and read are beside it', () => {
    expectTypeOf<Parameters<typeof ActionRegistry.configure>[0]>().toEqualTypeOf<{ lock?: LockStrategy; logger?: Logger; onDuplicate?: 'warn' | 'error' | 'ignore' }>();
    expectTypeOf<typeof ActionRegistry.resetConfiguration>().toEqualTypeOf<() => void>();
    expectTypeOf(ActionRegistry.configuration()).toEqualTypeOf<RegistryConfiguration>();
    expectTypeOf<RegistryConfiguration>().toEqualTypeOf<{ readonly lock: LockStrategy; readonly logger: Logger; readonly onDuplicate: 'warn' | 'error' | 'ignore' }>();
    expectTypeOf(ActionRegistry.stashGlobal()).toEqualTypeOf<GlobalStash>();
    expectTypeOf<Logger['isLevelEnabled']>().toEqualTypeOf<((level: 'debug' | 'info' | 'warn' | 'error') => boolean) | undefined>();
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
