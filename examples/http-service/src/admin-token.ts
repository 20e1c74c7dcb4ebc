import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { InvalidArgumentError } from '@soni/core';
import { HttpError } from './http-status';

/** The environment variable {@link adminTokenFromEnv} reads. */
export const ADMIN_TOKEN_ENV = 'SONI_ADMIN_TOKEN';

/** The shortest admin token accepted: 16 characters (`openssl rand -base64 32` gives 44). */
export const MIN_ADMIN_TOKEN_LENGTH = 16;

const MAX_ADMIN_TOKEN_LENGTH = 1_024;
// What an HTTP header can carry after `Bearer ` without quoting or folding.
const TOKEN_CHARACTERS = /^[\x21-\x7e]+$/;
const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/**
 * The admin token from `env.SONI_ADMIN_TOKEN`, or `undefined` when it is unset or empty (the
 * service then does not mount its admin route). Checked like the `adminToken` option.
 *
 * @throws InvalidArgumentError when the variable is set to something that is not a valid token.
 */
export function adminTokenFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[ADMIN_TOKEN_ENV];
  if (value === undefined || value === '') return undefined;
  assertAdminToken(value, ADMIN_TOKEN_ENV);
  return value;
}

/**
 * Checks a configured admin token. The message gives its length, never the token.
 *
 * @throws InvalidArgumentError unless `token` is a string of 16 to 1024 visible ASCII characters.
 */
export function assertAdminToken(token: unknown, where: string): asserts token is string {
  if (typeof token !== 'string') throw new InvalidArgumentError(`${where} must be a string, got ${typeof token}`);
  if (token.length < MIN_ADMIN_TOKEN_LENGTH || token.length > MAX_ADMIN_TOKEN_LENGTH || !TOKEN_CHARACTERS.test(token)) {
    throw new InvalidArgumentError(
      `${where} must be ${MIN_ADMIN_TOKEN_LENGTH} to ${MAX_ADMIN_TOKEN_LENGTH} visible ASCII characters without spaces ` +
        `(got ${token.length} characters); generate one with \`openssl rand -base64 32\``,
    );
  }
}

/**
 * Builds the check of `Authorization: Bearer <token>` for the admin routes.
 *
 * The comparison takes the same time whatever the caller sends: both sides are reduced to a
 * SHA-256 digest (32 bytes, whatever the lengths) and compared with `crypto.timingSafeEqual`,
 * so neither a matching prefix nor the token's length shows in the response time. The
 * errors say only what is expected, never what was wrong with the token sent.
 *
 * @returns a function that returns when `request` carries the token, and otherwise throws
 *   `401 UNAUTHORIZED` (no or malformed `Authorization` header) or `403 FORBIDDEN` (another token).
 */
export function bearerTokenCheck(token: string): (request: Pick<IncomingMessage, 'headers'>) => void {
  assertAdminToken(token, 'adminToken');
  const expected = digest(token);
  return (request) => {
    const match = BEARER.exec(request.headers.authorization ?? '');
    if (match?.[1] === undefined) {
      throw new HttpError(401, 'UNAUTHORIZED', 'This route needs an Authorization: Bearer <admin token> header', {
        'www-authenticate': 'Bearer realm="admin"',
      });
    }
    if (!timingSafeEqual(digest(match[1]), expected)) throw new HttpError(403, 'FORBIDDEN', 'The admin token is not valid');
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
