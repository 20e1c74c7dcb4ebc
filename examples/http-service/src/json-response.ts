import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';

/** The body of every error the service answers. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly action?: string };
}

/** `{error: {code, message}}`. */
export function errorBody(code: string, message: string): ErrorBody {
  return { error: { code, message } };
}

/**
 * Writes `body` as the JSON answer to `request`. When the request's body has not been read to
 * its end (rejected early: too large, wrong type, not authorised, too slow), the connection
 * is closed after the answer instead of draining whatever the client still sends.
 */
export function sendJson(
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  if (response.destroyed || response.headersSent) return;
  const text = JSON.stringify(body);
  response.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...(request.complete ? {} : { connection: 'close' }),
  });
  response.end(text);
}

/**
 * A whole HTTP/1.1 response as bytes, with `Connection: close`, for a socket that never got
 * as far as a request object (a malformed request, headers too slow or too large).
 */
export function rawJsonResponse(status: number, code: string, message: string): string {
  const text = JSON.stringify(errorBody(code, message));
  return (
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
    'Content-Type: application/json; charset=utf-8\r\n' +
    `Content-Length: ${Buffer.byteLength(text)}\r\n` +
    'Connection: close\r\n\r\n' +
    text
  );
}
