import { channel } from 'node:diagnostics_channel';
import { LockAbortedError, LockTimeoutError, type LockMode } from './lock-errors';
import type { LockStrategy } from './lock-strategy';

/**
 * Names of the `node:diagnostics_channel` channels the mutex and read-write locks publish to.
 * Nothing is measured or built unless a channel has a subscriber.
 *
 * @example
 * ```ts
 * import { subscribe } from 'node:diagnostics_channel';
 * import { LOCK_CHANNELS, type LockGrantEvent } from '@soni/core';
 *
 * subscribe(LOCK_CHANNELS.grant, (message) => {
 *   const event = message as LockGrantEvent;
 *   if (event.waitMs > 100) console.warn(`${event.kind} lock waited ${event.waitMs} ms`);
 * });
 * ```
 */
export const LOCK_CHANNELS = Object.freeze({
  /** A call asked for the lock ({@link LockEvent}). */
  request: 'soni:lock:request',
  /** A call was granted the lock ({@link LockGrantEvent}). */
  grant: 'soni:lock:grant',
  /** A holder released the lock ({@link LockReleaseEvent}). */
  release: 'soni:lock:release',
  /** A waiter gave up after its `timeoutMs` ({@link LockTimeoutEvent}). */
  timeout: 'soni:lock:timeout',
  /** A waiter's signal aborted ({@link LockAbortEvent}). */
  abort: 'soni:lock:abort',
  /**
   * A queued writer has waited longer than the lock's `starvationWarningMs` while shared
   * requests nested inside shared holds kept joining ahead of it ({@link LockStarvationEvent}).
   * Published once per waiting writer.
   */
  starvation: 'soni:lock:writer-starved',
} as const);

/** The message of every lock channel. */
export interface LockEvent {
  /** The lock instance. */
  readonly lock: LockStrategy;
  /** Its kind: `'mutex'` or `'rwlock'`. */
  readonly kind: string;
  /** The mode requested (a mutex reports `'exclusive'` for every call). */
  readonly mode: LockMode;
}

/** Message of {@link LOCK_CHANNELS}`.grant`. */
export interface LockGrantEvent extends LockEvent {
  /** Milliseconds between the request and the grant (`0` on the uncontended path). */
  readonly waitMs: number;
}

/** Message of {@link LOCK_CHANNELS}`.release`. */
export interface LockReleaseEvent extends LockEvent {
  /** Milliseconds the lock was held, or `NaN` if nobody was subscribed when it was granted. */
  readonly holdMs: number;
}

/** Message of {@link LOCK_CHANNELS}`.timeout`. */
export interface LockTimeoutEvent extends LockEvent {
  /** Milliseconds the call waited before giving up. */
  readonly waitMs: number;
  /** The limit that elapsed. */
  readonly timeoutMs: number;
}

/** Message of {@link LOCK_CHANNELS}`.abort`. */
export interface LockAbortEvent extends LockEvent {
  /** Milliseconds the call waited before its signal aborted (`0` if it was already aborted). */
  readonly waitMs: number;
  /** The signal's reason. */
  readonly reason: unknown;
}

/** Message of {@link LOCK_CHANNELS}`.starvation`. */
export interface LockStarvationEvent extends LockEvent {
  /** How long the writer at the front of the writers has waited, in milliseconds. */
  readonly waitMs: number;
  /** Shared requests that joined nested holds (ahead of it) while it waited. */
  readonly nestedJoins: number;
}

/** The channel objects (internal; looked up once). */
export const lockChannels = {
  request: channel(LOCK_CHANNELS.request),
  grant: channel(LOCK_CHANNELS.grant),
  release: channel(LOCK_CHANNELS.release),
  timeout: channel(LOCK_CHANNELS.timeout),
  abort: channel(LOCK_CHANNELS.abort),
  starvation: channel(LOCK_CHANNELS.starvation),
};

/** True when a subscriber needs wait or hold times, so the clock must be read. */
export function clockNeeded(): boolean {
  return (
    lockChannels.grant.hasSubscribers ||
    lockChannels.release.hasSubscribers ||
    lockChannels.timeout.hasSubscribers ||
    lockChannels.abort.hasSubscribers
  );
}

/**
 * True when a channel that an uncontended grant publishes to has a subscriber (request,
 * grant, release; nothing waits, so timeout, abort and starvation cannot happen). Each check
 * costs about 2 ns, a twentieth of an `await`, so the fast path checks only these.
 */
export function grantObserved(): boolean {
  return lockChannels.request.hasSubscribers || lockChannels.grant.hasSubscribers || lockChannels.release.hasSubscribers;
}

/** Milliseconds since `since`, or 0 when it was not measured. */
export function elapsedSince(since: number): number {
  return Number.isNaN(since) ? 0 : now() - since;
}

/** A clock for wait and hold times, read only when someone subscribes. */
export const now = (): number => performance.now();

/** The lock a published event is about. */
export interface EventSource {
  readonly lock: LockStrategy;
  readonly kind: string;
}

/** Publishes a grant if anyone listens; returns the grant time for the release event (`NaN` when unmeasured). */
export function publishGrant(source: EventSource, mode: LockMode, requestedAt: number): number {
  if (!clockNeeded()) return Number.NaN;
  const grantedAt = now();
  if (lockChannels.grant.hasSubscribers) {
    const waitMs = Number.isNaN(requestedAt) ? 0 : grantedAt - requestedAt;
    lockChannels.grant.publish({ lock: source.lock, kind: source.kind, mode, waitMs });
  }
  return grantedAt;
}

/** Publishes a release if anyone listens. */
export function publishRelease(source: EventSource, mode: LockMode, grantedAt: number): void {
  if (lockChannels.release.hasSubscribers) {
    lockChannels.release.publish({ lock: source.lock, kind: source.kind, mode, holdMs: now() - grantedAt });
  }
}

/** The error of a waiter whose `timeoutMs` elapsed, published first if anyone listens. */
export function timeoutError(source: EventSource, mode: LockMode, timeoutMs: number, requestedAt: number): LockTimeoutError {
  if (lockChannels.timeout.hasSubscribers) {
    lockChannels.timeout.publish({ lock: source.lock, kind: source.kind, mode, waitMs: elapsedSince(requestedAt), timeoutMs });
  }
  return new LockTimeoutError(source.kind, mode, timeoutMs);
}

/** The error of a waiter whose signal aborted, published first if anyone listens. */
export function abortError(source: EventSource, mode: LockMode, reason: unknown, requestedAt: number): LockAbortedError {
  if (lockChannels.abort.hasSubscribers) {
    lockChannels.abort.publish({ lock: source.lock, kind: source.kind, mode, waitMs: elapsedSince(requestedAt), reason });
  }
  return new LockAbortedError(source.kind, mode, reason);
}
