import { toJsonSchema } from '@valibot/to-json-schema';
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ActionDescription } from './action-descriptions';
import { ActionRegistry } from './action-registry';
import type { ActionFunc } from './action-types';
import { InvalidArgumentError } from './errors';
import { recordingLogger } from './test-support.fixture';

const ok: ActionFunc = () => ({ ok: true });

beforeEach(() => {
  ActionRegistry.configure({ logger: recordingLogger() });
  ActionRegistry.clearGlobal();
});

afterEach(() => {
  ActionRegistry.clearGlobal();
  ActionRegistry.resetConfiguration();
});

describe('registry.describeActions', () => {
  it('describes every visible action, sorted, a local one hiding the global one of its name', () => {
    ActionRegistry.register('greet', { description: 'Global greeting', inputs: ['name'] })(ok);
    ActionRegistry.register('ping')(ok);
    const registry = new ActionRegistry();
    registry.registerLocal('greet', ok, { description: 'Local greeting' });
    registry.registerLocal('alpha', ok);
    expect(registry.describeActions()).toEqual([
      { name: 'alpha', scope: 'local', description: undefined, requiredInputs: [], jsonSchema: undefined, jsonSchemaError: undefined },
      { name: 'greet', scope: 'local', description: 'Local greeting', requiredInputs: [], jsonSchema: undefined, jsonSchemaError: undefined },
      { name: 'ping', scope: 'global', description: undefined, requiredInputs: [], jsonSchema: undefined, jsonSchemaError: undefined },
    ]);
    expect(new ActionRegistry().describeActions().map((d) => [d.name, d.description, d.requiredInputs])).toEqual([
      ['greet', 'Global greeting', ['name']],
      ['ping', undefined, []],
    ]);
  });

  it('takes the JSON Schema from the Standard JSON Schema extension (zod 4), with its required inputs', () => {
    const registry = new ActionRegistry();
    const schema = z.object({ seats: z.number().int().min(1), note: z.string().optional() });
    registry.registerLocal('book', ok, { schema, inputs: ['note'], description: 'Books seats' });
    const [book] = registry.describeActions();
    expect(book?.jsonSchema).toEqual(z.toJSONSchema(schema, { io: 'input' }));
    expect(book?.jsonSchema).toMatchObject({ type: 'object', properties: { seats: { type: 'integer', minimum: 1 } }, required: ['seats'] });
    // The `inputs` option first, then what the schema requires.
    expect(book?.requiredInputs).toEqual(['note', 'seats']);
    expect(book?.jsonSchemaError).toBeUndefined();
    const draft7 = registry.describeActions({ target: 'draft-07' })[0]?.jsonSchema;
    expect(draft7?.$schema).toBe('http://json-schema.org/draft-07/schema#');
  });

  it('uses the converter the caller passes for a schema without the extension (valibot)', () => {
    const registry = new ActionRegistry();
    const schema = v.object({ city: v.string(), days: v.optional(v.number()) });
    registry.registerLocal('forecast', ok, { schema });
    expect(registry.describeActions()[0]?.jsonSchema).toBeUndefined();
    const [forecast] = registry.describeActions({ toJsonSchema });
    expect(forecast?.jsonSchema).toEqual(toJsonSchema(schema));
    expect(forecast?.requiredInputs).toEqual(['city']);
  });

  it('records a failed conversion on its action only', () => {
    const registry = new ActionRegistry();
    registry.registerLocal('fine', ok, { schema: v.object({ a: v.string() }) });
    registry.registerLocal('odd', ok, { schema: v.object({ when: v.date() }) });
    registry.registerLocal('async', ok, { schema: z.object({ a: z.string() }) });
    const described = registry.describeActions({
      toJsonSchema: (schema: v.GenericSchema) => {
        if (schema.type === 'object' && 'when' in (schema as v.ObjectSchema<v.ObjectEntries, undefined>).entries) throw new Error('dates have no JSON Schema');
        return toJsonSchema(schema);
      },
    });
    const byName = new Map(described.map((d) => [d.name, d]));
    expect(byName.get('fine')?.jsonSchema).toMatchObject({ required: ['a'] });
    expect(byName.get('odd')).toMatchObject({ jsonSchema: undefined, jsonSchemaError: 'dates have no JSON Schema' });
    // zod has the extension: the converter is not asked.
    expect(byName.get('async')?.jsonSchema).toMatchObject({ required: ['a'] });

    const notAnObject = new ActionRegistry();
    notAnObject.registerLocal('x', ok, { schema: v.object({}) });
    expect(notAnObject.describeActions({ toJsonSchema: () => Promise.resolve({}) })[0]?.jsonSchemaError).toMatch(/returned an object \(Promise\), not a JSON Schema object/);
    expect(notAnObject.describeActions({ toJsonSchema: () => 'schema' })[0]?.jsonSchemaError).toMatch(/returned 'schema'/);
  });

  it('is frozen all the way down, and a private copy of what the converter returned', () => {
    const registry = new ActionRegistry();
    const produced = { type: 'object', properties: { a: { type: 'string' } } };
    registry.registerLocal('x', ok, { schema: v.object({ a: v.string() }), inputs: ['a'] });
    const described = registry.describeActions({ toJsonSchema: () => produced });
    const [x] = described;
    expect(Object.isFrozen(described)).toBe(true);
    expect(Object.isFrozen(x)).toBe(true);
    expect(Object.isFrozen(x?.requiredInputs)).toBe(true);
    expect(Object.isFrozen(x?.jsonSchema)).toBe(true);
    expect(Object.isFrozen(x?.jsonSchema?.properties)).toBe(true);
    produced.properties.a.type = 'number';
    expect(x?.jsonSchema).toEqual({ type: 'object', properties: { a: { type: 'string' } } });
  });

  it('is cached like listActions(): the same array until a change, per converter and target', () => {
    const registry = new ActionRegistry();
    registry.registerLocal('a', ok, { schema: z.object({ a: z.string() }) });
    const first = registry.describeActions();
    expect(registry.describeActions()).toBe(first);
    expect(registry.describeActions({ target: 'draft-07' })).not.toBe(first);
    const convert = (): Record<string, unknown> => ({});
    const converted = registry.describeActions({ toJsonSchema: convert });
    expect(registry.describeActions({ toJsonSchema: convert })).toBe(converted);
    ActionRegistry.register('b')(ok);
    const after = registry.describeActions();
    expect(after).not.toBe(first);
    // The unchanged action's description is reused, not rebuilt.
    expect(after[0]).toBe(first[0]);
    expect(after.map((d) => d.name)).toEqual(['a', 'b']);
  });

  it('a converter that changes the registry does not change the snapshot being built, and it is not cached', () => {
    const registry = new ActionRegistry();
    registry.registerLocal('a', ok, { schema: v.object({}) });
    let sneaky = true;
    const convert = (): Record<string, unknown> => {
      if (sneaky) ActionRegistry.register('sneaked')(ok);
      sneaky = false;
      return {};
    };
    expect(registry.describeActions({ toJsonSchema: convert }).map((d) => d.name)).toEqual(['a']);
    expect(registry.describeActions({ toJsonSchema: convert }).map((d) => d.name)).toEqual(['a', 'sneaked']);
  });

  it('rejects bad options with InvalidArgumentError', () => {
    const registry = new ActionRegistry();
    expect(() => registry.describeActions({ toJsonSchema: 'zod' } as never)).toThrow(InvalidArgumentError);
    expect(() => registry.describeActions({ target: '' })).toThrow(/'target' must be a non-empty string/);
    expect(() => registry.describeActions({ converter: () => ({}) } as never)).toThrow(/unknown option 'converter'/);
  });
});

/** Reads descriptions the way a tool-listing endpoint would: through `describe`. */
type Describer = (registry: ActionRegistry) => readonly ActionDescription[] | Promise<readonly ActionDescription[]>;

const realDescriber: Describer = (registry) => registry.describeActions();

/** The deliberately broken variant: builds the listing across awaits (an async pipeline per action). */
const steppedDescriber: Describer = async (registry) => {
  const described: ActionDescription[] = [];
  for (const name of registry.list()) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    const one = registry.describeActions().find((d) => d.name === name);
    if (one !== undefined) described.push(one);
  }
  return described;
};

/** The other broken variant: one live array, updated in place, handed to every caller. */
function liveDescriber(): Describer {
  const live: ActionDescription[] = [];
  return (registry) => {
    live.length = 0;
    live.push(...registry.describeActions());
    return live;
  };
}

const BATCH = 50;

/**
 * Writers replace a batch of actions with a transaction (one synchronous commit) and clear the
 * global scope, over and over; readers describe meanwhile. Every snapshot must hold the whole
 * batch or none of it, and must still hold what it held when it was taken.
 */
async function describeUnderChurn(describe: Describer): Promise<{ torn: number[]; changedLater: number; snapshots: number }> {
  const registry = new ActionRegistry();
  const names = Array.from({ length: BATCH }, (_, i) => `batch_${String(i).padStart(2, '0')}`);
  let stop = false;
  const writer = async (): Promise<void> => {
    for (let round = 0; round < 40; round++) {
      await ActionRegistry.transaction((tx) => {
        for (const name of names) tx.register(name, ok, { description: `round ${round}` });
      });
      await new Promise<void>((resolve) => setImmediate(resolve));
      ActionRegistry.clearGlobal();
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    stop = true;
  };
  const taken: { snapshot: readonly ActionDescription[]; copy: string }[] = [];
  const torn: number[] = [];
  const reader = async (): Promise<void> => {
    while (!stop) {
      const snapshot = await describe(registry);
      const count = snapshot.length;
      const rounds = new Set(snapshot.map((d) => d.description));
      if ((count !== 0 && count !== BATCH) || rounds.size > 1) torn.push(count);
      taken.push({ snapshot, copy: JSON.stringify(snapshot) });
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };
  await Promise.all([writer(), reader(), reader(), reader()]);
  const changedLater = taken.filter(({ snapshot, copy }) => JSON.stringify(snapshot) !== copy).length;
  return { torn, changedLater, snapshots: taken.length };
}

describe('describeActions is a consistent snapshot under concurrent register and clear', () => {
  it('every snapshot shows the whole batch or none, and never changes afterwards', async () => {
    const report = await describeUnderChurn(realDescriber);
    expect(report.snapshots).toBeGreaterThan(40);
    expect(report.torn).toEqual([]);
    expect(report.changedLater).toBe(0);
  });

  it('... and the scenario catches a listing built across awaits (torn snapshots)', async () => {
    const report = await describeUnderChurn(steppedDescriber);
    expect(report.torn.length).toBeGreaterThan(0);
  });

  it('... and the scenario catches a live view handed out as a snapshot (it changes later)', async () => {
    const report = await describeUnderChurn(liveDescriber());
    expect(report.changedLater).toBeGreaterThan(0);
  });
});
