import type { IncomingMessage, RequestListener } from 'node:http';
import type { Socket } from 'node:net';
import { ActionError, InvalidArgumentError, type Logger } from '@soni/core';
import { ClientGoneError, HttpError, STATUS_BY_CODE } from './http-status';
import { errorBody, sendJson } from './json-response';

/** Answers one request: the status and the JSON body; throws what {@link jsonRequestListener} maps. */
export type Route = (request: IncomingMessage, signal: AbortSignal) => Promise<[number, unknown]>;

/** The listener and what the connection guards need to know about it. */
export interface JsonRequestListener {
  readonly listener: RequestListener;
  /** Whether a request on `socket` is being answered (more than one when a client pipelines). */
  readonly isAnswering: (socket: Socket) => boolean;
}

/**
 * The `request` listener of the service: runs `route` and writes its answer as JSON.
 *
 * - `signal` aborts when the client closes the connection before the answer is written, so
 *   the execution is cancelled (`ABORTED`, 499; nobody is left to read it).
 * - An `ActionError` is answered with the status of {@link STATUS_BY_CODE}, an `HttpError`
 *   with its own; both are the client's business and are not logged.
 * - A client that left mid-body ({@link ClientGoneError}) is one `debug` line and no answer.
 * - An `InvalidArgumentError` from the registry (a name it refuses) is `400 BAD_REQUEST`.
 * - Anything else is the service's own fault: logged as an error, answered `500 INTERNAL`
 *   without details.
 */
export function jsonRequestListener(route: Route, logger: Logger): JsonRequestListener {
  const answering = new WeakMap<Socket, number>();
  const listener: RequestListener = (request, response) => {
    const { socket } = request;
    answering.set(socket, (answering.get(socket) ?? 0) + 1);
    const controller = new AbortController();
    response.on('close', () => {
      answering.set(socket, (answering.get(socket) ?? 1) - 1);
      if (!response.writableFinished) controller.abort(new Error('client closed the connection'));
    });
    route(request, controller.signal).then(
      ([status, body]) => {
        sendJson(request, response, status, body);
      },
      (error: unknown) => {
        if (error instanceof ClientGoneError) {
          logger.debug('The client closed the connection before the body was complete', {
            method: request.method,
            path: truncate(request.url ?? ''),
            receivedBytes: error.receivedBytes,
          });
          return;
        }
        const [status, body, headers] = describeFailure(error, logger);
        sendJson(request, response, status, body, headers);
      },
    );
  };
  return { listener, isAnswering: (socket) => (answering.get(socket) ?? 0) > 0 };
}

function describeFailure(error: unknown, logger: Logger): [number, unknown, Readonly<Record<string, string>>?] {
  if (ActionError.isInstance(error)) {
    return [STATUS_BY_CODE[error.code], { error: { code: error.code, message: error.message, action: error.action } }];
  }
  if (error instanceof HttpError) return [error.status, errorBody(error.code, error.message), error.headers];
  // A name or option the registry refuses at its boundary (a name breaking the name policy:
  // too long, control characters) is the client's mistake: 400, with the registry's message,
  // which already escapes and truncates what the client sent.
  if (InvalidArgumentError.isInstance(error)) return [400, errorBody('BAD_REQUEST', error.message)];
  logger.error('Unexpected failure while serving a request', { error });
  return [500, errorBody('INTERNAL', 'Internal error')];
}

/** User text echoed in a message or a log field: enough to recognise it, never megabytes. */
export function truncate(text: string, max = 200): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}
