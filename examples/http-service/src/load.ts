import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { SKUS } from './action-module';
import type { JsonClient } from './http-client';
import { createProgress } from './progress';
import type { ReloadReport } from './service';

/** The shape of a load run. */
export interface LoadOptions {
  readonly client: JsonClient;
  /** Requests in flight at once. */
  readonly concurrency: number;
  /** Requests to send at least; clients keep going until every reload is done too. */
  readonly minRequests: number;
  readonly reloads: number;
  /** Pause before each reload. */
  readonly reloadEveryMs: number;
  /** The whole run must finish by then, or it fails. */
  readonly deadlineMs: number;
  /** Sent as `Authorization: Bearer <adminToken>` with each reload. */
  readonly adminToken: string;
}

/** What a load run saw, from the client side only (HTTP responses). */
export interface LoadReport {
  readonly served: number;
  readonly byAction: Readonly<Record<string, number>>;
  readonly elapsedMs: number;
  /** Requests that failed: a network error, a status other than 200, a malformed body. */
  readonly errors: readonly string[];
  /** Responses whose parts disagree on the version, or that came from no committed version, or from one older than an acknowledged reload. */
  readonly inconsistencies: readonly string[];
  /** Quote lines checked against their response's version. */
  readonly linesChecked: number;
  readonly initialVersion: number;
  readonly reloads: readonly ReloadReport[];
  /** How many responses each version served. */
  readonly versions: ReadonlyMap<number, number>;
}

interface ActionResponse {
  action: string;
  // Untrusted until checked.
  result: { version?: unknown; lines?: { sku: string; version: unknown }[] };
}

const MAX_PROBLEMS = 20;

/**
 * Fires `concurrency` clients of `POST /actions/quote` and `/greet` at the service while
 * `POST /admin/reload` swaps the action module, and checks every response: all the lines of
 * a quote carry the version of the quote itself, every version is one that was committed, and
 * a request sent after a reload was acknowledged is never served by an older version.
 */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const { client } = options;
  const deadline = new AbortController();
  const timer = setTimeout(() => {
    deadline.abort(new Error(`the load did not finish within ${options.deadlineMs} ms`));
  }, options.deadlineMs);
  const { signal } = deadline;
  // Every request and pause of the run listens to it.
  setMaxListeners(options.concurrency + 4, signal);
  // A function, not `signal.aborted` inline: TypeScript would keep the narrowing of the loop condition across awaits.
  const stopped = (): boolean => signal.aborted;

  const listing = await client.send<{ version: number }>('GET', '/actions', { signal });
  const initialVersion = listing.body.version;
  const committed = new Set([initialVersion]);
  const reloads: ReloadReport[] = [];
  const versions = new Map<number, number>();
  const byAction: Record<string, number> = {};
  const errors: string[] = [];
  const inconsistencies: string[] = [];
  let acknowledged = initialVersion;
  let reloadsDone = false;
  let issued = 0;
  let served = 0;
  let linesChecked = 0;
  const started = performance.now();

  const problem = (list: string[], text: string): void => {
    list.push(text);
    if (errors.length + inconsistencies.length >= MAX_PROBLEMS) deadline.abort(new Error(`stopped early after ${MAX_PROBLEMS} problems`));
  };
  const status = (): string =>
    `  load: ${served} served, ${issued - served - errors.length} in flight · reload ${reloads.length}/${options.reloads} ` +
    `(v${acknowledged}, waited ${(reloads.at(-1)?.waitedMs ?? 0).toFixed(1)} ms) · ` +
    `${errors.length} errors · ${inconsistencies.length} inconsistent · ${((performance.now() - started) / 1000).toFixed(1)} s`;

  const progress = createProgress(status);
  const adminHeaders = { authorization: `Bearer ${options.adminToken}` };

  async function loadClient(id: number): Promise<void> {
    while (!signal.aborted && (issued < options.minRequests || !reloadsDone)) {
      const n = issued++;
      const action = n % 5 === 0 ? 'greet' : 'quote';
      const inputs =
        action === 'greet' ? { name: `client ${id}` } : { items: SKUS.map((sku, index) => ({ sku, qty: 1 + ((n + index) % 3) })) };
      const ackedAtSend = acknowledged;
      try {
        const { status: code, body } = await client.post<ActionResponse>(`/actions/${action}`, inputs, signal);
        if (code !== 200) {
          problem(errors, `${action}: HTTP ${code} ${JSON.stringify(body)}`);
          continue;
        }
        check(action, body, ackedAtSend);
        served++;
        byAction[action] = (byAction[action] ?? 0) + 1;
      } catch (error) {
        if (!stopped()) problem(errors, `${action}: ${error instanceof Error ? error.message : String(error)}`);
      }
      progress.tick();
    }
  }

  function check(action: string, body: ActionResponse, ackedAtSend: number): void {
    const { version, lines } = body.result;
    if (typeof version !== 'number') {
      problem(inconsistencies, `${action}: no version in ${JSON.stringify(body)}`);
      return;
    }
    versions.set(version, (versions.get(version) ?? 0) + 1);
    if (version < ackedAtSend) problem(inconsistencies, `${action}: served by v${version} after v${ackedAtSend} was acknowledged`);
    for (const line of lines ?? []) {
      linesChecked++;
      if (line.version !== version) {
        problem(inconsistencies, `quote v${version}: line '${line.sku}' priced from v${JSON.stringify(line.version)} (a half-migrated price table)`);
      }
    }
  }

  async function reloader(): Promise<void> {
    try {
      for (let i = 0; i < options.reloads && !signal.aborted; i++) {
        await sleep(options.reloadEveryMs, undefined, { signal });
        const { status: code, body: report } = await client.send<ReloadReport>('POST', '/admin/reload', { signal, headers: adminHeaders });
        if (code !== 200) {
          problem(errors, `reload: HTTP ${code} ${JSON.stringify(report)}`);
          continue;
        }
        reloads.push(report);
        committed.add(report.version);
        acknowledged = Math.max(acknowledged, report.version);
        // The first few reloads get a line each; the status line counts the rest.
        if (reloads.length <= 3) {
          progress.log(
            `  reload → v${report.version}: waited ${report.waitedMs.toFixed(1)} ms for in-flight executions to drain, ` +
              `committed after ${report.tookMs.toFixed(1)} ms${reloads.length === 3 ? ' (further reloads: in the status line)' : ''}`,
          );
        }
      }
    } catch (error) {
      if (!stopped()) problem(errors, `reload: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      reloadsDone = true;
    }
  }

  await Promise.all([reloader(), ...Array.from({ length: options.concurrency }, (_, id) => loadClient(id))]);
  clearTimeout(timer);
  if (signal.aborted) errors.push((signal.reason as Error).message);
  for (const version of versions.keys()) {
    if (!committed.has(version)) inconsistencies.push(`v${version} answered requests but was never committed`);
  }
  progress.done();
  return {
    served,
    byAction,
    elapsedMs: performance.now() - started,
    errors,
    inconsistencies,
    linesChecked,
    initialVersion,
    reloads,
    versions,
  };
}
