import type { ActionErrorCode } from '@soni/core';

/** The HTTP status each `ActionError` code maps to. */
export const STATUS_BY_CODE: Readonly<Record<ActionErrorCode, number>> = {
  NOT_FOUND: 404,
  MISSING_INPUTS: 400,
  INVALID_INPUTS: 400,
  EXECUTION_FAILED: 500,
  // The client went away (its connection closed) and the execution was cancelled; nobody
  // reads this response, but logs do: 499 is nginx's "client closed request".
  ABORTED: 499,
  TIMEOUT: 504,
  // The lock refused the execution as a self-deadlock: a bug in how actions call each other.
  LOCK_REENTRANCY: 500,
  // The lock strategy failed (a Redis lock that lost its lease or cannot reach Redis).
  LOCK_FAILED: 503,
  // The action kept moving between scopes while the request waited: retrying may succeed.
  SCOPE_CHANGED: 409,
};

/** An error the service itself raises (bad request line or body), with its status. */
export class HttpError extends Error {
  override readonly name = 'HttpError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
