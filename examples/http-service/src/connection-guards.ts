import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from '@soni/core';
import { rawJsonResponse } from './json-response';
import type { ServiceLimits } from './service-limits';

// The client reset the connection, or closed it in the middle of a request.
const CLIENT_LEFT = new Set(['ECONNRESET', 'HPE_INVALID_EOF_STATE']);
// At most one "connection limit reached" warning this often, with the count dropped since.
const DROP_WARNING_EVERY_MS = 10_000;

/** What Node's parser and timers report on a socket, as the status, code and message answered. */
function describeClientError(error: NodeJS.ErrnoException, limits: ServiceLimits): [number, string, string] {
  switch (error.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return [
        408,
        'REQUEST_TIMEOUT',
        `The request did not arrive in time (headers within ${limits.headersTimeoutMs} ms, all of it within ${limits.requestTimeoutMs} ms)`,
      ];
    case 'HPE_HEADER_OVERFLOW':
      return [431, 'HEADERS_TOO_LARGE', `The request line and headers exceed ${limits.maxHeaderBytes} bytes`];
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return [413, 'BODY_TOO_LARGE', 'The chunk extensions are too large'];
    default:
      return [400, 'BAD_REQUEST', 'The request is not valid HTTP/1.1'];
  }
}

/**
 * Applies the limits Node keeps on the server object, and answers what Node reports before a
 * request reaches the handler (a malformed request, headers too large, a request too slow)
 * with the service's JSON error body instead of Node's empty one.
 *
 * Each of those is the client's doing, so it is logged at `debug`, never as an error; only
 * hitting the connection limit, which an operator must hear about, is a warning (throttled).
 *
 * @param isAnswering - whether a request on the socket is being answered: such a socket gets
 *   no second answer, it is only closed (which aborts the execution).
 */
export function guardConnections(
  server: Server,
  limits: ServiceLimits,
  logger: Logger,
  isAnswering: (socket: Socket) => boolean,
): void {
  server.maxConnections = limits.maxConnections;
  server.maxHeadersCount = limits.maxHeadersCount;

  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    // Already answered (or closed), and the client kept sending: nothing more to say.
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    if (error.code !== undefined && CLIENT_LEFT.has(error.code)) {
      // With a request being answered, the handler sees the request close and logs it.
      if (!isAnswering(socket)) {
        logger.debug('Closed a connection: the client left mid-request', { reason: error.code, remote: socket.remoteAddress });
      }
      socket.destroy();
      return;
    }
    const [status, code, message] = describeClientError(error, limits);
    logger.debug(`Closed a connection: ${status} ${code}`, { reason: error.code ?? error.message, remote: socket.remoteAddress });
    if (isAnswering(socket)) {
      socket.destroy();
      return;
    }
    // Whatever the client still sends is not read: once the answer is flushed the socket goes.
    socket.write(rawJsonResponse(status, code, message));
    socket.destroySoon();
  });

  let dropped = 0;
  let warnedAt = -Infinity;
  server.on('drop', () => {
    dropped++;
    const now = performance.now();
    if (now - warnedAt < DROP_WARNING_EVERY_MS) return;
    logger.warn(`Connection limit reached: closed ${dropped} new connection(s) at once (limits.maxConnections = ${limits.maxConnections})`, {
      dropped,
      maxConnections: limits.maxConnections,
    });
    dropped = 0;
    warnedAt = now;
  });
}
