// What the run must have produced; `pnpm start` fails when any of it is missing.
import assert from 'node:assert/strict';
import { SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';
import { ATTR } from './span-bridge';
import { childrenOf } from './print-spans';

export interface Check {
  text: string;
  run: () => void;
}

/** The checks, each an assertion over the finished spans and the lines logged outside any span. */
export function expectedSpans(spans: readonly ReadableSpan[], logged: readonly string[]): Check[] {
  const roots = childrenOf(spans, undefined);
  const request = roots.find((span) => span.name === 'POST /checkout');
  const reload = roots.find((span) => span.name === 'reload actions');
  const executions = request === undefined ? [] : childrenOf(spans, request);
  const one = (name: string): ReadableSpan => {
    const [span, ...others] = executions.filter((candidate) => candidate.name === name);
    assert.ok(span !== undefined && others.length === 0, `one '${name}' span under the request`);
    return span;
  };
  const failedWith = (name: string, code: string, scope: string | undefined, message: RegExp): void => {
    const span = one(name);
    assert.equal(span.status.code, SpanStatusCode.ERROR);
    assert.match(span.status.message ?? '', message);
    assert.equal(span.attributes[ATTR_ERROR_TYPE], code);
    assert.equal(span.attributes[ATTR.scope], scope);
    assert.ok(span.events.some((event) => event.name === 'exception'), 'the exception is recorded');
  };
  return [
    {
      text: 'two root spans: the request and the reload; every other span is a child of the request',
      run: () => {
        assert.deepEqual(roots.map((span) => span.name), ['POST /checkout', 'reload actions']);
        assert.equal(executions.length, spans.length - 2);
      },
    },
    {
      text: 'one span per execution, each with its own span id, named after its action',
      run: () => {
        assert.deepEqual(executions.map((span) => span.name).sort(), ['execute charge', 'execute quote', 'execute quote', 'execute recommend', 'execute refund']);
        assert.equal(new Set(executions.map((span) => span.spanContext().spanId)).size, executions.length);
      },
    },
    {
      text: 'every execution span carries its action name and a positive duration',
      run: () => {
        for (const span of executions) {
          assert.equal(span.attributes[ATTR.action], span.name.replace('execute ', ''));
          const duration = span.attributes[ATTR.durationMs];
          assert.ok(typeof duration === 'number' && duration > 0, `${span.name}: duration ${String(duration)}`);
        }
      },
    },
    {
      text: 'the two concurrent quotes succeeded in the local scope, status unset',
      run: () => {
        const quotes = executions.filter((span) => span.name === 'execute quote');
        assert.deepEqual(quotes.map((span) => [span.status.code, span.attributes[ATTR.scope]]), [[SpanStatusCode.UNSET, 'local'], [SpanStatusCode.UNSET, 'local']]);
      },
    },
    {
      text: "'charge' failed: ERROR, error.type EXECUTION_FAILED, the exception recorded",
      run: () => {
        failedWith('execute charge', 'EXECUTION_FAILED', 'local', /card declined/);
      },
    },
    {
      text: "'refund' is not registered: ERROR, NOT_FOUND, no scope",
      run: () => {
        failedWith('execute refund', 'NOT_FOUND', undefined, /not found/);
      },
    },
    {
      text: "'recommend' timed out after 20 ms: ERROR, TIMEOUT; the request span has the abandoned event",
      run: () => {
        failedWith('execute recommend', 'TIMEOUT', 'local', /timed out after 20 ms/);
        assert.ok(Number(one('execute recommend').attributes[ATTR.durationMs]) >= 19);
        const abandoned = request?.events.find((event) => event.name === 'soni.registry.abandoned')?.attributes ?? {};
        assert.deepEqual([abandoned['soni.action'], abandoned['soni.scope'], abandoned['soni.code']], ['recommend', 'local', 'TIMEOUT']);
        assert.equal(typeof abandoned['soni.runningMs'], 'number');
      },
    },
    {
      text: 'the reload span has the transaction: each change (transaction: true), then one commit',
      run: () => {
        assert.deepEqual(
          reload?.events.map((event) => [event.name, event.attributes]),
          [
            ['soni.registry.register', { 'soni.action': 'quote', 'soni.scope': 'local', 'soni.replaced': true, 'soni.transaction': true }],
            ['soni.registry.unregister', { 'soni.action': 'charge', 'soni.scope': 'local', 'soni.transaction': true }],
            ['soni.registry.commit', { 'soni.scope': 'local', 'soni.registered': ['quote'], 'soni.unregistered': ['charge'] }],
          ],
        );
      },
    },
    {
      text: 'the registrations made outside any span were logged instead',
      run: () => {
        assert.deepEqual(logged.map((line) => line.replace(/ .*"soni.action":"([^"]+)".*/, ' $1')), ['soni.registry.register quote', 'soni.registry.register charge', 'soni.registry.register recommend']);
      },
    },
  ];
}
