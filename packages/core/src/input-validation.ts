import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { ActionEntry } from './action-scope';
import { errorMessage } from './action-scope';
import type { ActionInputs } from './action-types';
import { ActionError, describeValue } from './errors';

/** Whether `value` can serve as action inputs or result: a non-null, non-array object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Throws `MISSING_INPUTS` unless every required input is an own, defined property. */
export function checkRequiredInputs(entry: ActionEntry, inputs: ActionInputs): void {
  const required = entry.options.inputs;
  if (required === undefined) return;
  const missing = required.filter((input) => !Object.hasOwn(inputs, input) || inputs[input] === undefined);
  if (missing.length > 0) {
    throw new ActionError('MISSING_INPUTS', entry.name, `Action '${entry.name}' missing inputs: ${missing.join(', ')}`);
  }
}

/**
 * Checks the required inputs, then the entry's Standard Schema; resolves to what the action
 * receives (the schema's validated value).
 */
export async function validateWithSchema(entry: ActionEntry, inputs: ActionInputs): Promise<ActionInputs> {
  checkRequiredInputs(entry, inputs);
  const schema = entry.options.schema;
  if (schema === undefined) return inputs;
  let result: StandardSchemaV1.Result<unknown>;
  try {
    result = await schema['~standard'].validate(inputs);
  } catch (error) {
    throw new ActionError('INVALID_INPUTS', entry.name, `Action '${entry.name}' input validation threw: ${errorMessage(error)}`, {
      cause: error,
    });
  }
  if (result.issues !== undefined) {
    const details = result.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`).join('; ');
    throw new ActionError('INVALID_INPUTS', entry.name, `Action '${entry.name}' invalid inputs: ${details}`, {
      cause: result.issues,
    });
  }
  if (!isRecord(result.value)) {
    throw new ActionError(
      'INVALID_INPUTS',
      entry.name,
      `Action '${entry.name}' invalid inputs: the schema produced ${describeValue(result.value)}, not an object`,
    );
  }
  return result.value;
}

/** `user.tags[0]` from `['user', 'tags', 0]`; `(root)` for an issue about the whole value. */
export function formatPath(path: StandardSchemaV1.Issue['path']): string {
  if (path === undefined || path.length === 0) return '(root)';
  let text = '';
  for (const segment of path) {
    const key = typeof segment === 'object' ? segment.key : segment;
    if (typeof key === 'number') text += `[${key}]`;
    else if (typeof key === 'symbol') text += `[${key.toString()}]`;
    else text += text === '' ? key : `.${key}`;
  }
  return text;
}
