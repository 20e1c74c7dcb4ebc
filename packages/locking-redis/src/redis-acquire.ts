import { channel } from 'node:diagnostics_channel';
import { LOCK_CHANNELS, LockAbortedError, LockTimeoutError, onAbort, type LockMode } from '@soni/core';
import type { AttemptReply } from './redis-commands';
import { redisChannels } from './redis-lock-diagnostics';
import { RedisLease, type LeaseOwner } from './redis-lease';
import type { WakeUps, WakeWaiter } from './wake-ups';

/** What the acquisition loop needs from its lock. */
export interface AcquireContext extends LeaseOwner {
  readonly kind: string;
  readonly wakeUps: WakeUps;
}

/** One request for a Redis hold, after the in-process queue granted it. */
export interface AcquireRequest {
  readonly owner: string;
  readonly mode: LockMode;
  readonly signal: AbortSignal | undefined;
  /** `performance.now()` time by which the hold must be granted (`Infinity`: no limit). */
  readonly deadline: number;
  /** The call's `timeoutMs`, for the error's message. */
  readonly timeoutMs: number | undefined;
}

const timeoutChannel = channel(LOCK_CHANNELS.timeout);
const abortChannel = channel(LOCK_CHANNELS.abort);
const now = (): number => performance.now();

/** The first retry delay of the back-off, in milliseconds; it doubles with each refusal. */
const FIRST_RETRY_MS = 10;
/** The longest wait between two attempts of a waiter whose wake-up message never comes. */
const MAX_RETRY_MS = 2000;

/**
 * How long to wait before the next attempt when no message wakes the waiter: exponential
 * back-off (10 ms doubling per refusal), never past the moment the blocking lease or intent
 * runs out (so a holder that died without releasing is noticed at once), never past a third
 * of the lease for a writer (which must renew its place in the queue), with ±25 % jitter so
 * that waiters of different processes do not retry in step.
 */
export function retryDelay(hintMs: number, refusals: number, exclusive: boolean, leaseMs: number): number {
  let delay = Math.min(FIRST_RETRY_MS * 2 ** Math.min(refusals, 16), MAX_RETRY_MS, Math.max(1, hintMs) + 2);
  if (exclusive) delay = Math.min(delay, leaseMs / 3);
  return Math.max(1, delay * (0.75 + Math.random() / 2));
}

class Stopped extends Error {
  constructor(readonly error: LockTimeoutError | LockAbortedError) {
    super(error.message);
  }
}

/**
 * Waits in Redis for a hold: attempts, and while refused waits for a wake-up message or its
 * back-off timer, until granted, the deadline passes or the signal aborts. An attempt given
 * up on (deadline, abort, no reply) is cleaned up once its reply comes, so a grant that
 * arrives late is released at once and a queued intent is withdrawn.
 */
export async function acquireLease(of: AcquireContext, request: AcquireRequest): Promise<RedisLease> {
  const { owner, mode } = request;
  const exclusive = mode === 'exclusive';
  const waiter = of.wakeUps.register(owner);
  const requestedAt = now();
  let refusals = 0;
  try {
    for (;;) {
      waiter.woken = false;
      const sentAt = now();
      const { raw, reply } = of.commands.attempt(owner, exclusive, of.leaseMs, of.commandTimeoutMs);
      let answer: AttemptReply;
      try {
        answer = await untilStopped(of, request, reply, requestedAt);
      } catch (error) {
        withdrawAfter(of, owner, raw);
        throw error instanceof Stopped ? error.error : error;
      }
      if (answer.granted) {
        const lease = new RedisLease(of, owner, mode, exclusive ? answer.token : undefined, sentAt);
        if (redisChannels.acquired.hasSubscribers) {
          redisChannels.acquired.publish({ lock: of.lock, key: of.key, mode, fencingToken: lease.fencingToken, waitMs: now() - requestedAt });
        }
        return lease;
      }
      refusals += 1;
      if (now() >= request.deadline) throw giveUp(of, request, exclusive, timeoutError(of, request, requestedAt));
      if (!of.wakeUps.subscribed && (await of.wakeUps.subscribe(Math.min(of.commandTimeoutMs, request.deadline - now())))) {
        // A release may have been published before the subscription was live: try again now.
        continue;
      }
      await waitForTurn(of, request, waiter, retryDelay(answer.hintMs, refusals, exclusive, of.leaseMs), requestedAt);
    }
  } finally {
    of.wakeUps.unregister(waiter);
  }
}

async function waitForTurn(of: AcquireContext, request: AcquireRequest, waiter: WakeWaiter, delayMs: number, requestedAt: number): Promise<void> {
  const left = request.deadline - now();
  const reason = await of.wakeUps.wait(waiter, Math.min(delayMs, left), request.signal);
  const exclusive = request.mode === 'exclusive';
  if (reason === 'aborted') throw giveUp(of, request, exclusive, abortError(of, request, requestedAt));
  if (reason === 'timer' && now() >= request.deadline) throw giveUp(of, request, exclusive, timeoutError(of, request, requestedAt));
}

/** The attempt's reply, unless the deadline passes or the signal aborts first (then throws {@link Stopped}). */
function untilStopped(of: AcquireContext, request: AcquireRequest, reply: Promise<AttemptReply>, requestedAt: number): Promise<AttemptReply> {
  const { signal, deadline } = request;
  if (signal === undefined && deadline === Infinity) return reply;
  if (signal?.aborted === true) return Promise.reject(new Stopped(abortError(of, request, requestedAt)));
  return new Promise<AttemptReply>((resolve, reject) => {
    const finish = (): void => {
      if (timer !== undefined) clearTimeout(timer);
      stopListening?.();
    };
    // A zero-time call (a try-lock) still gets its one attempt: the deadline is checked after it.
    const timer =
      deadline === Infinity || request.timeoutMs === 0
        ? undefined
        : setTimeout(() => {
            finish();
            reject(new Stopped(timeoutError(of, request, requestedAt)));
          }, Math.max(0, deadline - now()));
    const stopListening =
      signal === undefined
        ? undefined
        : onAbort(signal, () => {
            finish();
            reject(new Stopped(abortError(of, request, requestedAt)));
          });
    reply.then(
      (value) => {
        finish();
        resolve(value);
      },
      (error: unknown) => {
        finish();
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the command's typed error, as is
        reject(error);
      },
    );
  });
}

/** Once the attempt's reply is in (whatever it was), drop anything it may have taken. */
function withdrawAfter(of: AcquireContext, owner: string, raw: Promise<unknown>): void {
  const withdraw = (): void => {
    of.commands.release(owner, of.commandTimeoutMs).catch(() => undefined);
  };
  raw.then(withdraw, withdraw);
}

/** A waiter gives up between attempts: a writer withdraws its place in the queue. */
function giveUp(of: AcquireContext, request: AcquireRequest, exclusive: boolean, error: LockTimeoutError | LockAbortedError): LockTimeoutError | LockAbortedError {
  if (exclusive) of.commands.release(request.owner, of.commandTimeoutMs).catch(() => undefined);
  return error;
}

function timeoutError(of: AcquireContext, request: AcquireRequest, requestedAt: number): LockTimeoutError {
  const timeoutMs = request.timeoutMs ?? 0;
  if (timeoutChannel.hasSubscribers) {
    timeoutChannel.publish({ lock: of.lock, kind: of.kind, mode: request.mode, waitMs: now() - requestedAt, timeoutMs });
  }
  return new LockTimeoutError(of.kind, request.mode, timeoutMs);
}

function abortError(of: AcquireContext, request: AcquireRequest, requestedAt: number): LockAbortedError {
  const reason: unknown = request.signal?.reason;
  if (abortChannel.hasSubscribers) {
    abortChannel.publish({ lock: of.lock, kind: of.kind, mode: request.mode, waitMs: now() - requestedAt, reason });
  }
  return new LockAbortedError(of.kind, request.mode, reason);
}
