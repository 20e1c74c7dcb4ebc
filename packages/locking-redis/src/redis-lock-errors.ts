/**
 * The errors only a lock that lives outside the process can raise: its lease was lost, its
 * Redis server could not be reached in time, or refused the credentials. The errors shared by
 * every strategy (`LockTimeoutError`, `LockAbortedError`, `LockReentrancyError`,
 * `LockConfigError`) come from `@soni/core` and are re-exported by this package.
 *
 * The registry maps these codes, like any lock failure other than a timeout, an abort or a
 * self-deadlock, to `ActionError` `'LOCK_FAILED'` with this error as `cause`.
 *
 * @packageDocumentation
 */
import { SoniError, errorBrand, userText, type LockMode } from '@soni/core';

/** Why a lease was lost. */
export type LeaseLossReason =
  /** Redis answered that this hold no longer owns the lock (the lease ran out, or the data was lost in a restart). */
  | 'expired'
  /** Redis could not be reached to renew the lease before it could run out. */
  | 'unreachable';

const leaseLostBrand = errorBrand('@soni/locking-redis.error.LockLeaseLostError');

/**
 * A hold's lease was lost before its function settled: renewal failed for longer than the
 * lease (Redis unreachable) or Redis no longer knew the hold (the lease ran out while the
 * process was paused, or Redis restarted without its data). Another process may since have
 * been granted the lock, so the function no longer ran alone.
 *
 * It is the `reason` of the hold's `signal` (aborted at the moment of the loss) and the
 * rejection of `runExclusive` / `runShared` when the function itself resolved. Code
 * `'LOCK_LEASE_LOST'`.
 */
export class LockLeaseLostError extends SoniError {
  declare readonly code: 'LOCK_LEASE_LOST';
  /** The Redis key of the lock. */
  readonly key: string;
  /** The mode the hold was granted in. */
  readonly mode: LockMode;
  /** The fencing token of the hold (exclusive holds), for the protected resource's logs. */
  readonly fencingToken: number | undefined;
  /** What happened. */
  readonly reason: LeaseLossReason;

  constructor(key: string, mode: LockMode, fencingToken: number | undefined, reason: LeaseLossReason, options?: { cause?: unknown }) {
    const why =
      reason === 'expired'
        ? 'Redis no longer holds it for this process (the lease ran out or Redis lost its data)'
        : 'Redis could not be reached to renew it before the lease could run out';
    const token = fencingToken === undefined ? '' : ` (fencing token ${fencingToken})`;
    super('LOCK_LEASE_LOST', `Lost the ${mode} lease on the Redis lock '${userText(key, 80)}'${token}: ${why}`, options);
    this.key = key;
    this.mode = mode;
    this.fencingToken = fencingToken;
    this.reason = reason;
    leaseLostBrand.mark(this);
  }

  /** True when `value` is a `LockLeaseLostError` from any copy (ESM or CJS) of the package. */
  static override isInstance(value: unknown): value is LockLeaseLostError {
    return leaseLostBrand.test(value);
  }
}

const unavailableBrand = errorBrand('@soni/locking-redis.error.LockUnavailableError');

/**
 * Redis did not answer a lock command in time (`commandTimeoutMs`), or the connection failed
 * (refused, reset, host not found). The function was not run. Code `'LOCK_UNAVAILABLE'`;
 * `cause` is the client's error when there is one.
 */
export class LockUnavailableError extends SoniError {
  declare readonly code: 'LOCK_UNAVAILABLE' | 'LOCK_AUTH';
  /** The server, as `host:port` (never with credentials). */
  readonly endpoint: string;

  constructor(endpoint: string, detail: string, options?: { cause?: unknown; code?: 'LOCK_AUTH' }) {
    super(options?.code ?? 'LOCK_UNAVAILABLE', `Redis lock server ${userText(endpoint, 80)} unavailable: ${userText(detail, 200)}`, options);
    this.endpoint = endpoint;
    unavailableBrand.mark(this);
  }

  /** True when `value` is a `LockUnavailableError` (or `LockAuthError`) from any copy of the package. */
  static override isInstance(value: unknown): value is LockUnavailableError {
    return unavailableBrand.test(value);
  }
}

const authBrand = errorBrand('@soni/locking-redis.error.LockAuthError');

/**
 * Redis refused the credentials (`WRONGPASS`, `NOAUTH`): a configuration problem that
 * retrying will not fix. A {@link LockUnavailableError} with code `'LOCK_AUTH'`.
 */
export class LockAuthError extends LockUnavailableError {
  declare readonly code: 'LOCK_AUTH';

  constructor(endpoint: string, detail: string, options?: { cause?: unknown }) {
    super(endpoint, `authentication failed (check the user name and password): ${detail}`, { ...options, code: 'LOCK_AUTH' });
    authBrand.mark(this);
  }

  /** True when `value` is a `LockAuthError` from any copy (ESM or CJS) of the package. */
  static override isInstance(value: unknown): value is LockAuthError {
    return authBrand.test(value);
  }
}

const AUTH_FAILURE = /WRONGPASS|NOAUTH|invalid password|invalid username-password/i;

const GENERIC_FAILURE = /max retries per request|Connection is closed|Stream isn't writeable/i;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The typed error for whatever a Redis command failed with. `connectionError` is the last
 * connection error the client reported, used when the command's own error only says that the
 * connection was down.
 */
export function redisFailure(endpoint: string, error: unknown, connectionError?: unknown): LockUnavailableError {
  if (LockUnavailableError.isInstance(error)) return error;
  let message = messageOf(error);
  if (connectionError !== undefined && GENERIC_FAILURE.test(message)) message = `cannot connect: ${messageOf(connectionError)}`;
  if (AUTH_FAILURE.test(message)) return new LockAuthError(endpoint, message, { cause: error });
  return new LockUnavailableError(endpoint, message, { cause: error });
}
