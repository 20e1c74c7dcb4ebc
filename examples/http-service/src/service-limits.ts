import type { ServerOptions } from 'node:http';
import { InvalidArgumentError, describeValue } from '@soni/core';

/**
 * The limits that keep hostile or broken clients from holding the service's sockets, memory
 * and workers. Every one is explicit: Node's own defaults let a client that drips its headers
 * hold a socket for up to 90 s and one that drips its body for about 5 minutes.
 */
export interface ServiceLimits {
  /**
   * From a connection's first byte (or its previous response) to the end of the request's
   * headers; past it the server answers `408` and closes. Node's `server.headersTimeout`.
   * @default 10_000
   */
  readonly headersTimeoutMs: number;
  /**
   * From the end of the headers to the end of the body; past it the service answers `408
   * REQUEST_TIMEOUT` and closes. Checked by the service's own timer, to the millisecond.
   * @default 10_000
   */
  readonly bodyTimeoutMs: number;
  /**
   * The whole request (headers and body) must arrive within it, whatever route reads it: the
   * backstop behind the two above. Node's `server.requestTimeout`. An execution that runs
   * longer is not affected: the clock stops once the request is received.
   * @default 30_000
   */
  readonly requestTimeoutMs: number;
  /**
   * How often Node checks the two timeouts it owns (`headersTimeoutMs`, `requestTimeoutMs`):
   * a connection is dropped up to this much after its deadline. Node's default is 30 s,
   * which is why header drips used to last 60 to 90 s.
   * @default 1_000
   */
  readonly connectionsCheckingIntervalMs: number;
  /**
   * An idle keep-alive connection is closed after it. Node's `server.keepAliveTimeout`.
   * @default 5_000
   */
  readonly keepAliveTimeoutMs: number;
  /**
   * Open connections at most; Node closes the ones above it as soon as they are accepted
   * (`server.maxConnections`) and the service logs a warning at most every 10 s. Keep it below
   * the process's file-descriptor limit (`ulimit -n`).
   * @default 1_000
   */
  readonly maxConnections: number;
  /**
   * The request line and headers together, in bytes; more gets `431`. This is also what caps
   * the length of an action name in the URL. Node's `maxHeaderSize`.
   * @default 16_384
   */
  readonly maxHeaderBytes: number;
  /**
   * Headers kept per request; Node ignores the ones after it. `server.maxHeadersCount`.
   * @default 100
   */
  readonly maxHeadersCount: number;
  /**
   * A body larger than this gets `413 BODY_TOO_LARGE` (at once when `Content-Length` says so).
   * @default 1_048_576
   */
  readonly maxBodyBytes: number;
  /**
   * The largest `?timeoutMs=` a request may ask for; more gets `400`. A client chooses its
   * budget within what the operator allows, and never one beyond Node's timer range
   * (2^31 − 1 ms), which Node would silently clamp to 1 ms.
   * @default 60_000
   */
  readonly maxTimeoutMs: number;
}

/** The defaults of every {@link ServiceLimits} field. */
export const DEFAULT_SERVICE_LIMITS: ServiceLimits = Object.freeze({
  headersTimeoutMs: 10_000,
  bodyTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  connectionsCheckingIntervalMs: 1_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 1_000,
  maxHeaderBytes: 16_384,
  maxHeadersCount: 100,
  maxBodyBytes: 1_048_576,
  maxTimeoutMs: 60_000,
});

// Node's timers hold a signed 32-bit number of milliseconds; larger values become 1 ms.
const MAX_TIMER_MS = 2 ** 31 - 1;
const LIMIT_KEYS = Object.keys(DEFAULT_SERVICE_LIMITS) as (keyof ServiceLimits)[];

/**
 * {@link DEFAULT_SERVICE_LIMITS} with `overrides` applied, checked.
 *
 * @throws InvalidArgumentError when `overrides` is not a plain object, has an unknown key, a
 *   value that is not a positive integer up to 2^31 − 1, or timeouts that cannot work together
 *   (`headersTimeoutMs` or `bodyTimeoutMs` above `requestTimeoutMs`).
 */
export function resolveServiceLimits(overrides: Partial<ServiceLimits> = {}): ServiceLimits {
  // Typed, but JavaScript callers and config files pass anything.
  const given: unknown = overrides;
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw new InvalidArgumentError(`createActionService: limits must be an object, got ${describeValue(given)}`);
  }
  const unknown = Object.keys(overrides).filter((key) => !(LIMIT_KEYS as string[]).includes(key));
  if (unknown.length > 0) {
    throw new InvalidArgumentError(`createActionService: unknown limit ${unknown.join(', ')} (known: ${LIMIT_KEYS.join(', ')})`);
  }
  const limits = { ...DEFAULT_SERVICE_LIMITS };
  for (const key of LIMIT_KEYS) {
    const value = overrides[key];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value <= 0 || value > MAX_TIMER_MS) {
      throw new InvalidArgumentError(
        `createActionService: limits.${key} must be a positive integer up to ${MAX_TIMER_MS}, got ${describeValue(value)}`,
      );
    }
    limits[key] = value;
  }
  for (const key of ['headersTimeoutMs', 'bodyTimeoutMs'] as const) {
    if (limits[key] > limits.requestTimeoutMs) {
      throw new InvalidArgumentError(
        `createActionService: limits.${key} (${limits[key]}) must not exceed limits.requestTimeoutMs (${limits.requestTimeoutMs})`,
      );
    }
  }
  return Object.freeze(limits);
}

/** The `http.createServer` options that carry `limits` (the others are set on the server). */
export function serverOptions(limits: ServiceLimits): ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    connectionsCheckingInterval: limits.connectionsCheckingIntervalMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    maxHeaderSize: limits.maxHeaderBytes,
  };
}
