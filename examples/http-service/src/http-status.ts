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
