import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { ActionEntry } from './action-entry';
import { errorMessage } from './action-scope';
import type { ActionInputs } from './action-types';
import { ActionError, describeValue, type ActionInputIssue } from './errors';
import { isPlainRecord } from './option-checks';
import { userText } from './user-text';

/** Longest part of a validator's issue message echoed into the error message. */
const MAX_ISSUE_TEXT = 200;

/**
 * Throws `MISSING_INPUTS` unless every required input is an own, defined property; reading an
 * input that throws (a hostile getter or proxy) is `INVALID_INPUTS`, not a crash.
 */
export function checkRequiredInputs(entry: ActionEntry, inputs: ActionInputs): void {
  const required = entry.options.inputs;
  if (required === undefined) return;
  const missing: string[] = [];
  try {
    for (const input of required) {
      if (!Object.hasOwn(inputs, input) || inputs[input] === undefined) missing.push(input);
    }
  } catch (error) {
    throw unreadable(entry.name, error);
  }
  if (missing.length > 0) {
    throw new ActionError('MISSING_INPUTS', entry.name, `Action '${entry.name}' missing inputs: ${missing.join(', ')}`);
  }
}

function unreadable(name: string, error: unknown): ActionError {
  return new ActionError('INVALID_INPUTS', name, `Action '${name}' inputs could not be read: ${userText(errorMessage(error), MAX_ISSUE_TEXT)}`, {
    cause: error,
  });
}

/**
 * Checks the required inputs, then the entry's Standard Schema; resolves to what the action
 * receives (the schema's validated value). Every failure is an `INVALID_INPUTS` or
 * `MISSING_INPUTS` {@link ActionError}; schema issues are in its `issues`.
 */
export async function validateWithSchema(entry: ActionEntry, inputs: ActionInputs, schema: StandardSchemaV1): Promise<ActionInputs> {
  checkRequiredInputs(entry, inputs);
  let result: StandardSchemaV1.Result<unknown>;
  try {
    result = await schema['~standard'].validate(inputs);
  } catch (error) {
    throw new ActionError('INVALID_INPUTS', entry.name, `Action '${entry.name}' input validation threw: ${userText(errorMessage(error), MAX_ISSUE_TEXT)}`, {
      cause: error,
    });
  }
  if (result.issues !== undefined) {
    const issues: ActionInputIssue[] = result.issues.map((issue) => ({ ...issue, dottedPath: dottedPath(issue.path) }));
    const details = issues.map((issue) => `${userText(issue.dottedPath, 60)}: ${userText(textOf(issue.message), MAX_ISSUE_TEXT)}`).join('; ');
    throw new ActionError('INVALID_INPUTS', entry.name, `Action '${entry.name}' invalid inputs: ${details}`, {
      cause: result.issues,
      issues: Object.freeze(issues),
    });
  }
  if (!isPlainRecord(result.value)) {
    throw new ActionError(
      'INVALID_INPUTS',
      entry.name,
      `Action '${entry.name}' invalid inputs: the schema produced ${describeValue(result.value)}, not an object`,
    );
  }
  return result.value;
}

/** `user.tags[0]` from `['user', 'tags', 0]`; `(root)` for an issue about the whole value. */
function dottedPath(path: StandardSchemaV1.Issue['path']): string {
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

/** A validator's message as text, whatever a non-conforming validator put there. */
function textOf(message: unknown): string {
  return typeof message === 'string' ? message : String(message);
}
