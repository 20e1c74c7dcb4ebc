import type { IncomingMessage } from 'node:http';
import { ClientGoneError, HttpError } from './http-status';
import type { ServiceLimits } from './service-limits';

// `application/json`, optionally with `charset=utf-8` (any case, quoted or not): the body is
// decoded as UTF-8, so any other charset would be misread.
const JSON_MEDIA_TYPE = /^application\/json[ \t]*(?:;[ \t]*charset[ \t]*=[ \t]*(?:utf-8|"utf-8")[ \t]*)?$/i;

/** The limits {@link readJsonBody} enforces. */
export type BodyLimits = Pick<ServiceLimits, 'maxBodyBytes' | 'bodyTimeoutMs'>;

/**
 * Reads the request's body as JSON, within `limits`.
 *
 * - A request without a body (no `Content-Length` above 0, no `Transfer-Encoding`) needs no
 *   `Content-Type` and reads as `{}`: `curl -X POST` calls an action that takes no inputs.
 *   Whitespace only also reads as `{}`.
 * - Otherwise `Content-Type` must be `application/json` (optionally `; charset=utf-8`), else
 *   `415 UNSUPPORTED_MEDIA_TYPE`, checked before a byte of the body is read; a declared type
 *   other than JSON is refused even on an empty body.
 * - More than `maxBodyBytes` is `413 BODY_TOO_LARGE` (at once when `Content-Length` says so).
 * - A body not complete `bodyTimeoutMs` after the headers is `408 REQUEST_TIMEOUT`.
 * - A client that closes its connection mid-body rejects with {@link ClientGoneError}.
 *
 * @throws HttpError for the cases above, and `400 BAD_JSON` when the body does not parse.
 */
export async function readJsonBody(request: IncomingMessage, limits: BodyLimits): Promise<unknown> {
  const declared = request.headers['content-length'];
  const length = declared === undefined ? 0 : Number(declared);
  const hasBody = length > 0 || request.headers['transfer-encoding'] !== undefined;
  const type = request.headers['content-type'];
  if ((hasBody || type !== undefined) && !JSON_MEDIA_TYPE.test(type ?? '')) {
    throw new HttpError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      type === undefined ? 'A body needs Content-Type: application/json' : 'Content-Type must be application/json (charset utf-8)',
    );
  }
  if (length > limits.maxBodyBytes) throw tooLarge(limits);
  const text = (await readBytes(request, limits)).toString('utf8').trim();
  if (text === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new HttpError(400, 'BAD_JSON', `The body is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function tooLarge(limits: BodyLimits): HttpError {
  return new HttpError(413, 'BODY_TOO_LARGE', `The body exceeds ${limits.maxBodyBytes} bytes`);
}

function readBytes(request: IncomingMessage, limits: BodyLimits): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (error: Error | undefined): void => {
      clearTimeout(timer);
      request.off('data', onData).off('end', onEnd).off('error', onGone).off('close', onGone);
      if (error === undefined) {
        resolve(Buffer.concat(chunks));
      } else {
        // Stop reading: the answer goes out with `Connection: close` (see sendJson).
        request.pause();
        reject(error);
      }
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limits.maxBodyBytes) finish(tooLarge(limits));
      else chunks.push(chunk);
    };
    const onEnd = (): void => {
      finish(undefined);
    };
    // `error` (ECONNRESET "aborted") and `close` before `end`: the client is gone.
    const onGone = (): void => {
      finish(new ClientGoneError(size));
    };
    const timer = setTimeout(() => {
      finish(new HttpError(408, 'REQUEST_TIMEOUT', `The body did not arrive within ${limits.bodyTimeoutMs} ms`));
    }, limits.bodyTimeoutMs);
    request.on('data', onData).on('end', onEnd).on('error', onGone).on('close', onGone);
    // Its `close` may have fired already, while the execution waited for something else.
    if (request.destroyed) onGone();
  });
}
