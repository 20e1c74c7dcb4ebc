import { errorMessage } from './action-scope';
import { ActionError } from './errors';
import type { LockStrategy } from './lock-strategy';
import { userText } from './user-text';

/** What an execution knows when its lock rejects: whether its own caller gave up, and why. */
interface GaveUp {
  readonly name: string;
  readonly aborted: boolean;
  readonly abortReason: ActionError;
}

/** `EXECUTION_FAILED`: the action ran and threw, rejected or returned a non-object. */
export function failed(name: string, error: unknown): ActionError {
  return new ActionError('EXECUTION_FAILED', name, `Action execution failed: ${userText(errorMessage(error), 500)}`, { cause: error });
}

/** `SCOPE_CHANGED`: the name kept moving between scopes while the execution waited. */
export function scopeChanged(name: string, attempts: number): ActionError {
  return new ActionError(
    'SCOPE_CHANGED',
    name,
    `Action '${name}' moved between the local and global scopes ${attempts} times while waiting for their locks; it was not run`,
  );
}

/** `LOCK_FAILED`: the lock strategy failed or broke its contract. */
export function lockFailed(name: string, lock: LockStrategy, cause: unknown): ActionError {
  return new ActionError('LOCK_FAILED', name, `Action '${name}' could not run: the ${userText(lock.kind, 40)} lock failed: ${userText(errorMessage(cause), 300)}`, {
    cause,
  });
}

/** Turns what a lock rejected with into the execution's `ActionError`. */
export function lockError(execution: GaveUp, lock: LockStrategy, error: unknown): ActionError {
  if (ActionError.isInstance(error)) return error;
  // The lock gave up because the execution's own deadline or signal fired.
  if (execution.aborted) return execution.abortReason;
  const name = execution.name;
  switch (codeOf(error)) {
    case 'LOCK_TIMEOUT':
      return new ActionError('TIMEOUT', name, `Action '${name}' timed out waiting for the ${userText(lock.kind, 40)} lock`, { cause: error });
    case 'LOCK_ABORTED':
      return new ActionError('ABORTED', name, `Action '${name}' was aborted while waiting for the lock`, { cause: error });
    case 'LOCK_REENTRANCY':
      return new ActionError('LOCK_REENTRANCY', name, `Action '${name}' was not run: ${errorMessage(error)}`, { cause: error });
    default:
      return lockFailed(name, lock, error);
  }
}

function codeOf(error: unknown): unknown {
  try {
    return typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  } catch {
    return undefined;
  }
}
