import { connect } from 'node:net';

/** One exchange on its own socket, written byte for byte as a hostile client would. */
export interface RawRequest {
  /** Written as soon as the socket connects: a request line, headers, maybe part of a body. */
  readonly send: string;
  /** Then one character of `text` every `everyMs` (cycling), until the socket closes. */
  readonly drip?: { readonly text: string; readonly everyMs: number } | undefined;
  /** The client closes the socket this long after `send`: a client that leaves mid-request. */
  readonly hangUpAfterMs?: number | undefined;
  /** The client gives up and closes then, reporting `'still open'`. */
  readonly deadlineMs: number;
}

/** What the client of a {@link RawRequest} saw. */
export interface RawExchange {
  /** From the status line, when a response began. */
  readonly status: number | undefined;
  /** The response body, parsed when it is JSON (else the text, `''` when none). */
  readonly body: unknown;
  /** Who ended the exchange: the server, the client (`hangUpAfterMs`), or nobody before the deadline. */
  readonly end: 'server closed' | 'client closed' | 'still open';
  /** From the connection to its end. */
  readonly elapsedMs: number;
  /** The socket error, if any (`ECONNRESET`, `EPIPE`: the server closed while the client wrote). */
  readonly error: string | undefined;
}

/**
 * Connects to `127.0.0.1:port`, plays `request` and reports what came back and who closed the
 * connection when. Never rejects: a socket error is part of the report.
 */
export function rawExchange(port: number, request: RawRequest): Promise<RawExchange> {
  return new Promise((resolve) => {
    const started = performance.now();
    const chunks: Buffer[] = [];
    let end: RawExchange['end'] = 'server closed';
    let error: string | undefined;
    const socket = connect(port, '127.0.0.1');
    const closeAs = (reason: RawExchange['end']): void => {
      if (socket.destroyed) return;
      end = reason;
      socket.destroy();
    };
    const timers = [
      setTimeout(() => {
        closeAs('still open');
      }, request.deadlineMs),
    ];
    socket.on('connect', () => {
      socket.write(request.send);
      const { drip, hangUpAfterMs } = request;
      if (drip !== undefined) {
        let sent = 0;
        const dripper = setInterval(() => {
          if (socket.writable) socket.write(drip.text.charAt(sent++ % drip.text.length));
        }, drip.everyMs);
        timers.push(dripper);
      }
      if (hangUpAfterMs !== undefined) {
        timers.push(
          setTimeout(() => {
            closeAs('client closed');
          }, hangUpAfterMs),
        );
      }
    });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (cause: NodeJS.ErrnoException) => {
      error = cause.code ?? cause.message;
    });
    // The server half-closed: the response is complete and nothing more will be read.
    socket.on('end', () => socket.destroy());
    socket.on('close', () => {
      for (const timer of timers) clearTimeout(timer);
      resolve({ ...parseResponse(Buffer.concat(chunks).toString('utf8')), end, elapsedMs: performance.now() - started, error });
    });
  });
}

function parseResponse(text: string): Pick<RawExchange, 'status' | 'body'> {
  const status = /^HTTP\/1\.[01] (\d{3}) /.exec(text)?.[1];
  const split = text.indexOf('\r\n\r\n');
  const body = split === -1 ? '' : text.slice(split + 4);
  try {
    return { status: status === undefined ? undefined : Number(status), body: JSON.parse(body) as unknown };
  } catch {
    return { status: status === undefined ? undefined : Number(status), body };
  }
}

/**
 * A raw HTTP/1.1 request with `headers` as given, plus `Host` and, unless `headers` frame the
 * body already (`Content-Length`, `Transfer-Encoding`), the body's `Content-Length`.
 */
export function httpRequest(method: string, path: string, headers: Readonly<Record<string, string>> = {}, body = ''): string {
  const lines = Object.entries({ Host: '127.0.0.1', ...headers }).map(([name, value]) => `${name}: ${value}\r\n`);
  const framed = Object.keys(headers).some((name) => /^(content-length|transfer-encoding)$/i.test(name));
  return `${method} ${path} HTTP/1.1\r\n${lines.join('')}${framed ? '' : `Content-Length: ${Buffer.byteLength(body)}\r\n`}\r\n${body}`;
}
