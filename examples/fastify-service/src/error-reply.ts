import { ActionError, InvalidArgumentError, type ActionErrorCode } from '@soni/core';
import { z } from 'zod';

/** The HTTP status each `ActionError` code maps to. */
const STATUS_BY_CODE: Readonly<Record<ActionErrorCode, number>> = {
  NOT_FOUND: 404,
  MISSING_INPUTS: 400,
  INVALID_INPUTS: 400,
  EXECUTION_FAILED: 500,
  ABORTED: 499,
  TIMEOUT: 504,
  LOCK_REENTRANCY: 500,
  LOCK_FAILED: 503,
  SCOPE_CHANGED: 409,
};

/** One failing input, as the client sees it. */
export interface IssueBody {
  readonly path: string;
  readonly message: string;
}

/** The body of every error response. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly action?: string; readonly issues?: readonly IssueBody[] };
}

/** An error response: its status and body. */
export interface ErrorReply {
  readonly status: number;
  readonly body: ErrorBody;
}

/**
 * The response for anything a route threw. `ActionError`s keep their code and, for invalid
 * inputs, list each issue by its dotted path (the typed `issues` field); Fastify's own client
 * errors (a body that is not JSON) keep their status; anything else is a 500 without detail.
 */
export function errorReply(error: unknown): ErrorReply {
  if (ActionError.isInstance(error)) {
    const issues = error.issues?.map((issue) => ({ path: issue.dottedPath, message: issue.message }));
    return {
      status: STATUS_BY_CODE[error.code],
      body: { error: { code: error.code, message: error.message, action: error.action, ...(issues === undefined ? {} : { issues }) } },
    };
  }
  if (InvalidArgumentError.isInstance(error)) return { status: 400, body: { error: { code: error.code, message: error.message } } };
  if (error instanceof z.ZodError) {
    // The same path notation as the registry's issues: `(root)` for the whole value.
    const issues = error.issues.map((issue) => ({ path: issue.path.length === 0 ? '(root)' : issue.path.map(String).join('.'), message: issue.message }));
    const details = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
    return { status: 400, body: { error: { code: 'BAD_REQUEST', message: `the request does not fit the route: ${details}`, issues } } };
  }
  const status = clientErrorStatus(error);
  if (status !== undefined && error instanceof Error) return { status, body: { error: { code: 'BAD_REQUEST', message: error.message } } };
  return { status: 500, body: { error: { code: 'INTERNAL', message: 'internal error' } } };
}

/** The 4xx status Fastify gave one of its own errors (a body that does not parse, ...). */
function clientErrorStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('statusCode' in error)) return undefined;
  const status = error.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}
