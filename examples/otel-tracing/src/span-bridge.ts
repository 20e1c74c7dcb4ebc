// Turns the registry's diagnostics_channel events into OpenTelemetry spans and span events.
// Nothing here wraps or patches the registry: it only subscribes to the channels that
// @soni/core publishes to, so it can be added to (or removed from) a running application.
import { subscribe, tracingChannel, unsubscribe } from 'node:diagnostics_channel';
import { SpanKind, SpanStatusCode, context, trace, type Attributes, type Span, type Tracer } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';
import { ActionError, REGISTRY_CHANNELS, type ExecutionTrace } from '@soni/core';

/** Span attributes this bridge sets (a namespace of its own, as OpenTelemetry advises for custom ones). */
export const ATTR = {
  action: 'soni.action.name',
  scope: 'soni.action.scope',
  durationMs: 'soni.action.duration_ms',
} as const;

/** The registry events that become span events, or log lines when no span is active. */
const REGISTRY_EVENTS = ['register', 'unregister', 'clear', 'commit', 'abandoned'] as const;

/** What {@link bridgeRegistryToSpans} returns: call `close()` to unsubscribe everything. */
export interface RegistryBridge {
  close(): void;
}

/**
 * Subscribes to the registry's channels:
 *
 * - each `execute` call becomes a span, `execute <action>`, a child of the span active where
 *   `execute` was called: started on `start` and kept in a WeakMap keyed by the execution's
 *   context object (one object per call, so concurrent executions never mix their spans);
 *   on `error` the exception is recorded and the status set to ERROR; on `asyncEnd` the
 *   scope and duration are added and the span ends;
 * - register, unregister, clear, commit and abandoned become events on the active span (a
 *   transaction run inside a span gets its changes and its commit as events there), or a line
 *   through `log` when no span is active.
 */
export function bridgeRegistryToSpans(tracer: Tracer, log: (line: string) => void): RegistryBridge {
  const spans = new WeakMap<ExecutionTrace, Span>();

  const finish = (execution: ExecutionTrace): void => {
    const span = spans.get(execution);
    if (span === undefined) return;
    spans.delete(execution);
    if (execution.scope !== undefined) span.setAttribute(ATTR.scope, execution.scope);
    span.setAttribute(ATTR.durationMs, execution.durationMs);
    span.end();
  };

  const handlers = {
    start: (execution: ExecutionTrace): void => {
      // `start` is published synchronously inside `execute`: the active context is the caller's.
      const span = tracer.startSpan(`execute ${execution.action}`, { kind: SpanKind.INTERNAL, attributes: { [ATTR.action]: execution.action } }, context.active());
      spans.set(execution, span);
    },
    // A call that threw synchronously publishes `error` before `end` and no `asyncEnd`; the
    // registry's `execute` always returns a promise, but a bridge should not leak a span if not.
    end: (execution: ExecutionTrace): void => {
      if (execution.error !== undefined) finish(execution);
    },
    asyncStart: (): void => undefined,
    asyncEnd: finish,
    error: (execution: ExecutionTrace): void => {
      const span = spans.get(execution);
      if (span === undefined) return;
      const error = execution.error;
      const code = ActionError.isInstance(error) ? error.code : error instanceof Error ? error.name : 'unknown';
      span.setAttribute(ATTR_ERROR_TYPE, code);
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    },
  };
  const executions = tracingChannel<ExecutionTrace>(REGISTRY_CHANNELS.execute);
  executions.subscribe(handlers);

  const listeners = REGISTRY_EVENTS.map((name) => {
    const listener = (message: unknown): void => {
      const attributes = toAttributes(message);
      const active = trace.getActiveSpan();
      if (active === undefined) log(`soni.registry.${name} ${JSON.stringify(attributes)}`);
      else active.addEvent(`soni.registry.${name}`, attributes);
    };
    subscribe(REGISTRY_CHANNELS[name], listener);
    return { name, listener };
  });

  return {
    close: () => {
      executions.unsubscribe(handlers);
      for (const { name, listener } of listeners) unsubscribe(REGISTRY_CHANNELS[name], listener);
    },
  };
}

/** A registry event's fields as span attributes (strings, numbers, booleans and arrays of strings). */
function toAttributes(message: unknown): Attributes {
  const attributes: Attributes = {};
  for (const [key, value] of Object.entries(message as Record<string, unknown>)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') attributes[`soni.${key}`] = value;
    else if (Array.isArray(value)) attributes[`soni.${key}`] = value.map(String);
  }
  return attributes;
}
