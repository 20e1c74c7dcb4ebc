import type { JsonClient } from './http-client';

/** One request whose answer is known in advance: the error mapping, end to end. */
interface Probe {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: string;
  readonly status: number;
  readonly code?: string;
}

const PROBES: readonly Probe[] = [
  { method: 'GET', path: '/actions', status: 200 },
  { method: 'POST', path: '/actions/greet', body: '{"name":"Ada"}', status: 200 },
  { method: 'POST', path: '/actions/refund', body: '{}', status: 404, code: 'NOT_FOUND' },
  { method: 'POST', path: '/actions/greet', body: '{}', status: 400, code: 'MISSING_INPUTS' },
  { method: 'POST', path: '/actions/greet', body: '["Ada"]', status: 400, code: 'INVALID_INPUTS' },
  { method: 'POST', path: '/actions/quote', body: '{"items":[{"sku":"kiwi","qty":0}]}', status: 400, code: 'INVALID_INPUTS' },
  { method: 'POST', path: '/actions/fail', body: '', status: 500, code: 'EXECUTION_FAILED' },
  { method: 'POST', path: '/actions/slow?timeoutMs=50', body: '{"ms":2000}', status: 504, code: 'TIMEOUT' },
  { method: 'POST', path: '/actions/greet', body: '{"name":', status: 400, code: 'BAD_JSON' },
];

/** Sends every probe, prints one line each, and returns the lines of those that answered otherwise. */
export async function runProbes(client: JsonClient): Promise<string[]> {
  const failures: string[] = [];
  for (const probe of PROBES) {
    const response = await client.send<{ error?: { code: string; message: string }; result?: unknown }>(probe.method, probe.path, { body: probe.body });
    const { body } = response;
    const code = body.error?.code;
    const ok = response.status === probe.status && code === probe.code;
    const shown = body.error ? `${body.error.code}: ${body.error.message}` : JSON.stringify(body.result ?? body);
    const request = `${probe.method} ${probe.path}${probe.body ? ` ${probe.body}` : ''}`;
    console.log(`  ${ok ? '✓' : '✗'} ${request.padEnd(56)} → ${response.status} ${truncate(shown, 90)}`);
    if (!ok) failures.push(`${request}: expected ${probe.status} ${probe.code ?? ''}, got ${response.status} ${code ?? ''}`);
  }
  return failures;
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}
