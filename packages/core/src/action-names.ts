/**
 * The action name policy, enforced wherever a name enters the registry (`register`,
 * `registerLocal`, `tx.register`, `unregister*`, `tx.unregister`) and where an untrusted name
 * arrives to be executed (`handler.execute`). A valid name is a string of 1 to
 * {@link MAX_ACTION_NAME_LENGTH} characters that is not blank, does not start or end with
 * whitespace, and holds no control, line-separator or bidi-override character (see
 * `escapeControlCharacters`). Lookups (`get`, `has`) only require a string: a name the policy
 * rejects cannot have been registered, so they answer `undefined` / `false` for it at the
 * cost of a `Map` lookup.
 *
 * @packageDocumentation
 */
import { InvalidArgumentError, describeValue } from './errors';
import { hasControlCharacters } from './user-text';

/** The longest action name accepted, in UTF-16 code units. */
export const MAX_ACTION_NAME_LENGTH = 256;

/** Why `name` breaks the policy, or `undefined` when it is a valid action name. */
export function actionNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string') return `must be a string, got ${describeValue(name)}`;
  if (name.length === 0) return "must not be empty, got ''";
  if (name.length > MAX_ACTION_NAME_LENGTH) {
    return `must be at most ${MAX_ACTION_NAME_LENGTH} characters, got ${name.length}: ${describeValue(name)}`;
  }
  if (hasControlCharacters(name)) return `must not contain control characters, got ${describeValue(name)}`;
  if (name.trim() !== name) {
    return name.trim().length === 0
      ? `must not be blank, got ${describeValue(name)}`
      : `must not start or end with whitespace, got ${describeValue(name)}`;
  }
  return undefined;
}

/** Whether `name` is a valid action name (see the policy above). */
export function isValidActionName(name: unknown): name is string {
  return actionNameProblem(name) === undefined;
}

/** Throws {@link InvalidArgumentError} unless `name` is a valid action name. */
export function assertActionName(name: unknown, where: string): asserts name is string {
  const problem = actionNameProblem(name);
  if (problem !== undefined) throw new InvalidArgumentError(`${where}: the action name ${problem}`);
}
