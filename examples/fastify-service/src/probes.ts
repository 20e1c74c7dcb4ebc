import { z } from 'zod';
import { requestJson } from './http-client';
import type { Service } from './service';

/** One check of the self-check run. */
export interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

const listing = z.object({
  actions: z.array(z.object({ name: z.string(), requiredInputs: z.array(z.string()), inputSchema: z.record(z.string(), z.unknown()).optional() })),
});
const success = z.object({ action: z.string(), result: z.record(z.string(), z.unknown()) });
const failure = z.object({
  error: z.object({ code: z.string(), message: z.string(), issues: z.array(z.object({ path: z.string(), message: z.string() })).optional() }),
});

/** A request that must fail: with which status, code and failing input paths. */
interface FailureCase {
  readonly label: string;
  readonly action: string;
  readonly inputs: unknown;
  readonly status: number;
  readonly code: string;
  readonly paths: readonly string[];
}

const FAILURES: readonly FailureCase[] = [
  { label: 'a wrong input type', action: 'greet', inputs: { name: 42 }, status: 400, code: 'INVALID_INPUTS', paths: ['name'] },
  { label: 'an unknown fruit', action: 'quote', inputs: { items: [{ sku: 'kiwi', qty: 1 }] }, status: 400, code: 'INVALID_INPUTS', paths: ['items[0].sku'] },
  { label: 'an unknown action', action: 'refund', inputs: {}, status: 404, code: 'NOT_FOUND', paths: [] },
  { label: 'a body that is not an object', action: 'greet', inputs: [1, 2], status: 400, code: 'BAD_REQUEST', paths: ['(root)'] },
];

function check(name: string, ok: boolean, detail: string): Check {
  return { name, ok, detail };
}

/** One request per case: the tool listing, a success, each kind of failure, the typed route and a typed in-process call. */
export async function runProbes(baseUrl: string, service: Service): Promise<Check[]> {
  const checks: Check[] = [];

  const tools = await requestJson('GET', `${baseUrl}/actions`);
  const parsedTools = listing.safeParse(tools.body);
  const names = parsedTools.success ? parsedTools.data.actions.map((tool) => `${tool.name}(${tool.requiredInputs.join(', ')})`) : [];
  const withSchemas = parsedTools.success && parsedTools.data.actions.every((tool) => tool.inputSchema?.type === 'object');
  checks.push(check('GET /actions lists each action with its JSON Schema', tools.status === 200 && withSchemas && names.join(' ') === 'greet(name) quote(items)', names.join(', ')));

  const greeted = await requestJson('POST', `${baseUrl}/actions/greet`, { name: '  Ada ' });
  const greetedBody = success.safeParse(greeted.body);
  checks.push(check('POST /actions/greet → 200', greeted.status === 200 && greetedBody.success && greetedBody.data.result.greeting === 'Hello Ada', JSON.stringify(greeted.body)));

  for (const { label, action, inputs, status, code, paths } of FAILURES) {
    const answer = await requestJson('POST', `${baseUrl}/actions/${action}`, inputs);
    const parsed = failure.safeParse(answer.body);
    const seenPaths = parsed.success ? (parsed.data.error.issues ?? []).map((issue) => issue.path) : [];
    const ok = answer.status === status && parsed.success && parsed.data.error.code === code && seenPaths.join() === paths.join();
    checks.push(check(`${label} → ${status} ${code}`, ok, parsed.success ? parsed.data.error.message : JSON.stringify(answer.body)));
  }

  const hello = await requestJson('GET', `${baseUrl}/hello/Grace`);
  checks.push(check('GET /hello/Grace (a typed execute) → 200', hello.status === 200 && JSON.stringify(hello.body).includes('Hello Grace'), JSON.stringify(hello.body)));

  // In process, typed by name: the inputs are checked at compile time, the result is typed.
  const { totalCents, rowVersions } = await service.actions.execute('quote', { items: [{ sku: 'fig', qty: 3 }] });
  checks.push(check('a typed in-process execute of quote', totalCents > 0 && rowVersions.length === 1, `totalCents ${totalCents}`));
  return checks;
}
