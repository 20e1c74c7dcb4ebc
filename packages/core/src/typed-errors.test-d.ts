/* eslint-disable @typescript-eslint/no-unsafe-call --
   the lines under `@ts-expect-error` are wrong on purpose; the compiler types them as errors (any) */
import { describe, expectTypeOf, it } from 'vitest';
import type { ActionDescription, ActionInputIssue, JsonSchemaObject, ScopeKind, StandardSchemaV1 } from './index';
import { ActionError, ActionRegistry } from './index';

describe('typed errors', () => {
  it('ActionError exposes the schema issues as a typed field, each with a dotted path', () => {
    const error = new ActionError('INVALID_INPUTS', 'book', 'invalid');
    expectTypeOf(error.issues).toEqualTypeOf<readonly ActionInputIssue[] | undefined>();
    expectTypeOf(error.issues).toExtend<readonly StandardSchemaV1.Issue[] | undefined>();
    expectTypeOf<ActionInputIssue['dottedPath']>().toBeString();
    expectTypeOf<ActionInputIssue['message']>().toBeString();
    expectTypeOf<ActionInputIssue['path']>().toEqualTypeOf<StandardSchemaV1.Issue['path']>();
    // @ts-expect-error the issues are read-only
    error.issues?.push({ message: 'x', dottedPath: 'x' });
  });

  it('narrows with isInstance, without a cast', () => {
    const caught: unknown = new ActionError('INVALID_INPUTS', 'book', 'invalid');
    if (ActionError.isInstance(caught)) {
      expectTypeOf(caught.code).toEqualTypeOf<ActionError['code']>();
      expectTypeOf(caught.issues?.map((issue) => issue.dottedPath)).toEqualTypeOf<string[] | undefined>();
    }
  });
});

describe('describeActions', () => {
  it('returns frozen descriptions', () => {
    const descriptions = new ActionRegistry().describeActions();
    expectTypeOf(descriptions).toEqualTypeOf<readonly ActionDescription[]>();
    expectTypeOf<ActionDescription>().toEqualTypeOf<{
      readonly name: string;
      readonly scope: ScopeKind;
      readonly description: string | undefined;
      readonly requiredInputs: readonly string[];
      readonly jsonSchema: JsonSchemaObject | undefined;
      readonly jsonSchemaError: string | undefined;
    }>();
  });

  it('takes a converter typed for its own library', () => {
    const registry = new ActionRegistry();
    const forZodLike = (schema: { readonly _zod: unknown }): Record<string, unknown> => ({ type: typeof schema });
    registry.describeActions({ toJsonSchema: forZodLike, target: 'draft-07' });
    registry.describeActions({ toJsonSchema: (schema) => ({ vendor: schema['~standard'].vendor }) });
    // @ts-expect-error the converter is a function
    registry.describeActions({ toJsonSchema: 'zod' });
  });
});
