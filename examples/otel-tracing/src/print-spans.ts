// Prints finished spans as a tree: name, duration, status, attributes, events.
import { SpanStatusCode, type AttributeValue, type HrTime } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

export const millis = (time: HrTime): number => time[0] * 1e3 + time[1] / 1e6;

/** The spans whose parent is `parent` (or, for `undefined`, the roots), in start order. */
export function childrenOf(spans: readonly ReadableSpan[], parent: ReadableSpan | undefined): ReadableSpan[] {
  const ids = new Set(spans.map((span) => span.spanContext().spanId));
  return spans
    .filter((span) => {
      const parentId = span.parentSpanContext?.spanId;
      return parent === undefined ? parentId === undefined || !ids.has(parentId) : parentId === parent.spanContext().spanId;
    })
    .sort((a, b) => millis(a.startTime) - millis(b.startTime));
}

export function printSpans(spans: readonly ReadableSpan[], print: (line: string) => void): void {
  const visit = (span: ReadableSpan, depth: number): void => {
    const pad = '  '.repeat(depth);
    const status = span.status.code === SpanStatusCode.ERROR ? `  ERROR: ${span.status.message ?? ''}` : '';
    print(`${pad}${span.name}  (${millis(span.duration).toFixed(1)} ms, span ${span.spanContext().spanId})${status}`);
    const attributes = Object.entries(span.attributes).map(([key, value]) => `${key}=${format(value)}`);
    if (attributes.length > 0) print(`${pad}    ${attributes.join('  ')}`);
    for (const event of span.events) {
      // The recorded stack trace is kept on the span; it is too long to print here.
      const fields = Object.entries(event.attributes ?? {})
        .filter(([key]) => key !== 'exception.stacktrace')
        .map(([key, value]) => `${key}=${format(value)}`);
      print(`${pad}    · ${event.name}  ${fields.join('  ')}`);
    }
    for (const child of childrenOf(spans, span)) visit(child, depth + 1);
  };
  for (const root of childrenOf(spans, undefined)) visit(root, 0);
}

function format(value: AttributeValue | undefined): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(2);
  return Array.isArray(value) ? `[${value.join(',')}]` : String(value);
}
