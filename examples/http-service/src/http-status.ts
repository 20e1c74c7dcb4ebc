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

/** An error the service itself raises (bad request line, headers or body), with its status. */
export class HttpError extends Error {
  override readonly name = 'HttpError';

  /**
   * @param headers - extra response headers (`WWW-Authenticate` on a `401`)
   */
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/**
 * The client closed its connection before the request was complete. Nobody is left to
 * answer, and it is the client's doing, not a fault of the service: it is logged at `debug`.
 */
export class ClientGoneError extends Error {
  override readonly name = 'ClientGoneError';

  constructor(
    /** Body bytes received before the connection closed. */
    readonly receivedBytes: number,
  ) {
    super(`the client closed the connection after ${receivedBytes} bytes of the body`);
  }
}
