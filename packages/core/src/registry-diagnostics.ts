/**
 * The `node:diagnostics_channel` channels the registry publishes to, so APM tools and
 * OpenTelemetry can observe it without wrappers (the way undici and `node:http` do).
 * Nothing is built or published unless a channel has a subscriber.
 *
 * @packageDocumentation
 */
import { channel, tracingChannel, type TracingChannel } from 'node:diagnostics_channel';

/**
 * Channel names. `execute` is a tracing channel: subscribe with
 * `tracingChannel(REGISTRY_CHANNELS.execute).subscribe({ start, end, asyncStart, asyncEnd, error })`
 * (its events are named `tracing:soni:action:execute:start` and so on); the others are plain
 * channels.
 *
 * @example
 * ```ts
 * import { subscribe, tracingChannel } from 'node:diagnostics_channel';
 * import { REGISTRY_CHANNELS, type ExecutionTrace, type RegistrationEvent } from '@soni/core';
 *
 * subscribe(REGISTRY_CHANNELS.register, (message) => {
 *   const event = message as RegistrationEvent;
 *   console.log(`registered ${event.scope} action ${event.action}`);
 * });
 * tracingChannel<ExecutionTrace>(REGISTRY_CHANNELS.execute).subscribe({
 *   start: () => undefined,
 *   end: () => undefined,
 *   asyncStart: () => undefined,
 *   asyncEnd: (trace) => { console.log(`${trace.action} took ${trace.durationMs} ms`); },
 *   error: () => undefined,
 * });
 * ```
 */
export const REGISTRY_CHANNELS = Object.freeze({
  /** Every `handler.execute` ({@link ExecutionTrace}); a tracing channel. */
  execute: 'soni:action:execute',
  /** An action was registered, alone or by a transaction commit ({@link RegistrationEvent}). */
  register: 'soni:registry:register',
  /** An action was removed ({@link UnregistrationEvent}). */
  unregister: 'soni:registry:unregister',
  /** A scope was cleared ({@link ClearEvent}). */
  clear: 'soni:registry:clear',
  /** A transaction committed ({@link CommitEvent}). */
  commit: 'soni:registry:commit',
  /**
   * An execution's caller stopped waiting (timeout, abort) while its action was still
   * running: it keeps its lock until the action settles ({@link AbandonedExecutionEvent}).
   */
  abandoned: 'soni:action:abandoned',
  /** A logger method threw; the registry carried on ({@link LoggerFailureEvent}). */
  loggerError: 'soni:registry:logger-error',
});

/**
 * The context object of the `execute` tracing channel, filled in as the execution goes: one
 * object per `execute` call, the same at every event of that call, so a subscriber can keep
 * its own state (a span) in a `WeakMap` keyed by it. `start` and `end` are published inside
 * the `execute` call; then, on success, `asyncStart` and `asyncEnd` (with `result`); on
 * failure, `error` (with `error`), then `asyncStart` and `asyncEnd`.
 */
export interface ExecutionTrace {
  /** The name executed. */
  readonly action: string;
  /**
   * The scope the action was found in, set once the execution holds its lock; `undefined`
   * when it was not found or never got the lock (refused name, timed out waiting).
   */
  scope: 'global' | 'local' | undefined;
  /** From the call to the settlement, in milliseconds: `NaN` until it is set, before `error` and `asyncEnd`. */
  durationMs: number;
  /** The result, on success (set by the channel). */
  result?: unknown;
  /**
   * What the caller's promise rejected with, on failure (set by the channel): an
   * `ActionError`, or the `InvalidArgumentError` of a refused name or bad options.
   */
  error?: unknown;
}

/** Message of {@link REGISTRY_CHANNELS}`.register`. */
export interface RegistrationEvent {
  readonly action: string;
  readonly scope: 'global' | 'local';
  /** Whether an action of that name was replaced. */
  readonly replaced: boolean;
  /** Whether a transaction commit made the change. */
  readonly transaction: boolean;
}

/** Message of {@link REGISTRY_CHANNELS}`.unregister`. */
export interface UnregistrationEvent {
  readonly action: string;
  readonly scope: 'global' | 'local';
  readonly transaction: boolean;
}

/** Message of {@link REGISTRY_CHANNELS}`.clear`. */
export interface ClearEvent {
  readonly scope: 'global' | 'local';
  /** How many actions were removed. */
  readonly count: number;
}

/** Message of {@link REGISTRY_CHANNELS}`.commit`. */
export interface CommitEvent {
  readonly scope: 'global' | 'local';
  /** Names registered by the commit, in staging order. */
  readonly registered: readonly string[];
  /** Names removed by the commit, in staging order. */
  readonly unregistered: readonly string[];
}

/** Message of {@link REGISTRY_CHANNELS}`.abandoned`. */
export interface AbandonedExecutionEvent {
  readonly action: string;
  readonly scope: 'global' | 'local';
  /** How long the action had been running when its caller gave up, in milliseconds. */
  readonly runningMs: number;
  /** `'TIMEOUT'` or `'ABORTED'`. */
  readonly code: 'TIMEOUT' | 'ABORTED';
}

/** Message of {@link REGISTRY_CHANNELS}`.loggerError`. */
export interface LoggerFailureEvent {
  /** The level of the call that threw. */
  readonly level: string;
  /** What it threw. */
  readonly error: unknown;
}

/** The channel objects (internal; looked up once). */
export const registryChannels = {
  execute: withSubscriberCheck(tracingChannel<ExecutionTrace>(REGISTRY_CHANNELS.execute)),
  register: channel(REGISTRY_CHANNELS.register),
  unregister: channel(REGISTRY_CHANNELS.unregister),
  clear: channel(REGISTRY_CHANNELS.clear),
  commit: channel(REGISTRY_CHANNELS.commit),
  abandoned: channel(REGISTRY_CHANNELS.abandoned),
  loggerError: channel(REGISTRY_CHANNELS.loggerError),
};

/**
 * Makes sure `traced.hasSubscribers` answers. `TracingChannel#hasSubscribers` exists from
 * Node 20.13 on; before that it reads `undefined`, which the handler would take for "nobody
 * subscribes" and never trace. There it is defined on the instance with the same meaning:
 * whether any of the five channels has a subscriber. (Internal; exported for its test.)
 */
export function withSubscriberCheck<T extends TracingChannel<unknown, object>>(traced: T): T {
  if ((traced as { hasSubscribers?: unknown }).hasSubscribers !== undefined) return traced;
  const { start, end, asyncStart, asyncEnd, error } = traced;
  Object.defineProperty(traced, 'hasSubscribers', {
    get: (): boolean => start.hasSubscribers || end.hasSubscribers || asyncStart.hasSubscribers || asyncEnd.hasSubscribers || error.hasSubscribers,
  });
  return traced;
}
