import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ActionHandler } from './action-handler';
import { ActionRegistry } from './action-registry';
import { ActionError } from './errors';

async function failure(promise: Promise<unknown>): Promise<ActionError> {
  try {
    await promise;
  } catch (error) {
    if (ActionError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected the execution to fail');
}

describe('INVALID_INPUTS carries the schema issues as a typed field', () => {
  const registry = new ActionRegistry();
  const handler = new ActionHandler(registry);

  afterEach(() => {
    registry.clearLocal();
  });

  const nested = {
    zod: z.object({ user: z.object({ name: z.string(), tags: z.array(z.string()) }) }),
    valibot: v.object({ user: v.object({ name: v.string(), tags: v.array(v.string()) }) }),
  };

  for (const [library, schema] of Object.entries(nested)) {
    it(`gives each issue of a ${library} schema with its path as a dotted string`, async () => {
      registry.registerLocal('save', () => ({ saved: true }), { schema });
      const error = await failure(handler.execute('save', { user: { name: 7, tags: ['ok', 3] } }));
      expect(error.code).toBe('INVALID_INPUTS');
      expect(error.issues?.map((issue) => issue.dottedPath)).toEqual(['user.name', 'user.tags[1]']);
      for (const issue of error.issues ?? []) {
        expect(typeof issue.message).toBe('string');
        expect(issue.path).toBeDefined();
      }
      expect(Object.isFrozen(error.issues)).toBe(true);
      expect(error.message).toMatch(/^Action 'save' invalid inputs: user\.name: .+; user\.tags\[1\]: .+$/);
      // `cause` keeps the validator's own issues, as before.
      expect(error.cause).toHaveLength(2);
    });
  }

  it('names an issue about the whole value (root)', async () => {
    registry.registerLocal('whole', () => ({}), { schema: z.object({ a: z.number() }).refine((value) => value.a > 1, 'a must exceed 1') });
    const error = await failure(handler.execute('whole', { a: 1 }));
    expect(error.issues?.map((issue) => [issue.dottedPath, issue.message])).toEqual([['(root)', 'a must exceed 1']]);
  });

  it('has no issues for the other failures', async () => {
    registry.registerLocal('needs', () => ({}), { inputs: ['a'] });
    const missing = await failure(handler.execute('needs', {}));
    expect(missing.code).toBe('MISSING_INPUTS');
    expect(missing.issues).toBeUndefined();
    const notObject = await failure(handler.execute('needs', 'text' as never));
    expect(notObject.code).toBe('INVALID_INPUTS');
    expect(notObject.issues).toBeUndefined();
  });
});
