import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActionHandler } from './action-handler';
import { ActionRegistry } from './action-registry';
import type { ActionFunc } from './action-types';
import { ActionError, InvalidArgumentError } from './errors';
import { recordingLogger } from './test-support.fixture';

/** For a schema whose output type is not declared (`unknown` inputs). */
const okAnyInputs: ActionFunc<unknown> = () => ({ ok: true });
/** A Standard Schema with no JSON Schema of its own. */
const plainSchema = { '~standard': { version: 1 as const, vendor: 'test', validate: (value: unknown) => ({ value }) } };

beforeEach(() => {
  ActionRegistry.configure({ logger: recordingLogger() });
  ActionRegistry.clearGlobal();
});
afterEach(() => {
  ActionRegistry.clearGlobal();
  ActionRegistry.resetConfiguration();
});

describe('handler.execute with a name that is not a string', () => {
  it('rejects with InvalidArgumentError naming the problem, not NOT_FOUND', async () => {
    const handler = new ActionHandler(new ActionRegistry({ logger: recordingLogger() }));
    for (const name of [42, undefined, null, { name: 'x' }]) {
      const error: unknown = await handler.execute(name as unknown as string, {}).catch((e: unknown) => e);
      expect(InvalidArgumentError.isInstance(error), typeof name).toBe(true);
      expect(ActionError.isInstance(error)).toBe(false);
      expect((error as Error).message).toMatch(/^handler\.execute: the action name must be a string, got /);
    }
  });
});

describe('describeActions options and required inputs', () => {
  it("rejects a converter that is not a function, naming the option and the value", () => {
    const registry = new ActionRegistry({ logger: recordingLogger() });
    expect(() => registry.describeActions({ toJsonSchema: 'zod' as never })).toThrow(
      "registry.describeActions(): 'toJsonSchema' must be a function, got 'zod'",
    );
    expect(() => registry.describeActions({ toJson: () => ({}) } as never)).toThrow(/registry\.describeActions\(\)/);
  });

  it("merges the schema's required names after the declared inputs, once each, strings only", () => {
    const registry = new ActionRegistry({ logger: recordingLogger() });
    registry.registerLocal('book', okAnyInputs, { inputs: ['room'], schema: plainSchema });
    const toJsonSchema = (): unknown => ({ type: 'object', required: ['room', 'date', 7, 'date', 'guests'] });
    const [book] = registry.describeActions({ toJsonSchema });
    expect(book?.requiredInputs).toEqual(['room', 'date', 'guests']);
  });

  it('gives no JSON Schema for a schema without one when no converter is given', () => {
    const registry = new ActionRegistry({ logger: recordingLogger() });
    registry.registerLocal('book', okAnyInputs, { schema: plainSchema });
    const [book] = registry.describeActions();
    expect(book?.jsonSchema).toBeUndefined();
    expect(book?.jsonSchemaError).toBeUndefined();
  });
});
