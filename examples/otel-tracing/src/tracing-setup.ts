// The OpenTelemetry SDK as an application would set it up, with an in-memory exporter so the
// example can print and check the finished spans (swap in an OTLP exporter to send them to a
// collector; nothing else changes).
import { context, trace, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

export interface Tracing {
  tracer: Tracer;
  exporter: InMemorySpanExporter;
  shutdown: () => Promise<void>;
}

/**
 * Registers a tracer provider and an AsyncLocalStorage context manager globally (so
 * `context.active()` follows `await`s: an execution started inside a span becomes its child).
 */
export function setUpTracing(serviceName: string): Tracing {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  trace.setGlobalTracerProvider(provider);
  return {
    tracer: trace.getTracer('soni-otel-tracing-example'),
    exporter,
    shutdown: async () => {
      await provider.shutdown();
      contextManager.disable();
    },
  };
}
