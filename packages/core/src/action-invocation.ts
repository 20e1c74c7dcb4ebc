import type { ActionEntry } from './action-entry';
import type { ActionScope } from './action-scope';
import type { ActionInputs, ActionResult } from './action-types';
import { describeValue } from './errors';
import { failed } from './execution-errors';
import { QuietContext, type Execution } from './execution';
import { checkRequiredInputs } from './input-validation';
import { isPlainRecord } from './option-checks';
import { rejectWith } from './reject-with';
import { resolveEntry } from './scope-resolution';
import { syncSharedGrantOf } from './sync-grant';

/**
 * Calls the action and settles when it does: not raced against the caller's deadline, so the
 * lock stays held for exactly as long as the action runs.
 */
export function invoke(execution: Execution, entry: ActionEntry, inputs: ActionInputs): Promise<ActionResult> {
  const name = execution.name;
  execution.running();
  let settled: Promise<unknown>;
  try {
    settled = Promise.resolve(entry.fn(inputs, execution.context()));
  } catch (error) {
    execution.leave();
    return rejectWith(failed(name, error));
  }
  return settled.then(
    (result) => {
      execution.leave();
      if (!isPlainRecord(result)) {
        throw failed(name, new TypeError(`Action '${name}' must return an object, got ${describeValue(result)}`));
      }
      execution.result = result;
      return result;
    },
    (error: unknown) => {
      execution.leave();
      throw failed(name, error);
    },
  );
}

/**
 * The common case, without a deadline, a signal or a schema, on a lock that can grant a
 * shared hold synchronously (core's engine when free, or a no-op lock): the hold is taken
 * and released around the action with one `then`, and nothing can move the name between
 * the lookup and the grant since both happen in one synchronous step. `undefined` when the
 * general path must run.
 */
export function runUncontended(local: ActionScope, name: string, inputs: unknown): Promise<ActionResult> | undefined {
  if (typeof name !== 'string' || !isPlainRecord(inputs)) return undefined;
  const entry = resolveEntry(local, name);
  if (entry === undefined || entry.options.schema !== undefined) return undefined;
  const grant = syncSharedGrantOf(entry.scope.lock);
  if (!grant?.trySharedNow()) return undefined;
  entry.enter();
  const finish = (): void => {
    entry.leave();
    grant.releaseShared();
  };
  let result: unknown;
  try {
    checkRequiredInputs(entry, inputs);
  } catch (error) {
    finish();
    return rejectWith(error);
  }
  try {
    result = entry.fn(inputs, new QuietContext(name));
  } catch (error) {
    finish();
    return rejectWith(failed(name, error));
  }
  return Promise.resolve(result).then(
    (value) => {
      finish();
      if (!isPlainRecord(value)) throw failed(name, new TypeError(`Action '${name}' must return an object, got ${describeValue(value)}`));
      return value;
    },
    (error: unknown) => {
      finish();
      throw failed(name, error);
    },
  );
}

