import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ActionError, ActionHandler, ActionRegistry, type ActionInputs, type LockStrategy, type Logger } from '@soni/core';
import { PriceTable, loadActionModule, type ActionModule } from './action-module';
import { HttpError, STATUS_BY_CODE } from './http-status';

/** Options of {@link createActionService}. */
export interface ActionServiceOptions {
  lock: LockStrategy;
  logger: Logger;
  /** Time limit of an execution (lock wait included) unless the request sets `?timeoutMs=`. */
  timeoutMs: number;
}

/** What `POST /admin/reload` answers. */
export interface ReloadReport {
  readonly version: number;
  readonly actions: readonly string[];
  /** How long the transaction waited for the exclusive lock (in-flight executions draining). */
  readonly waitedMs: number;
  /** From the request to the commit. */
  readonly tookMs: number;
}

/** The service: an HTTP server over one registry, plus what the example checks afterwards. */
export interface ActionService {
  readonly server: Server;
  readonly registry: ActionRegistry;
  /** Loads the next version of the action module and swaps it in, in one transaction. */
  reload(): Promise<ReloadReport>;
  /** The versions committed so far, in order. */
  readonly committed: readonly number[];
  /** The versions whose module connection was closed (every action disposed). */
  readonly closed: readonly number[];
}

const MAX_BODY_BYTES = 1 << 20;

/**
 * A JSON service over an {@link ActionRegistry}:
 * - `GET /actions`: the current version and every action with its description;
 * - `POST /actions/:name[?timeoutMs=N]`: executes, body = inputs (JSON object; empty = `{}`);
 *   `200 {action, result}` or `{error: {code, message, action}}` with the status of {@link STATUS_BY_CODE};
 * - `POST /admin/reload`: {@link ActionService.reload}.
 *
 * Executions hold the registry's lock in shared mode; a reload holds it in exclusive mode while
 * it migrates the price table and stages the new actions, so with a read-write lock it waits
 * for in-flight executions to drain and new ones wait for its commit. A replaced module's
 * connection closes after the last execution of its actions (their `dispose`).
 */
export function createActionService(options: ActionServiceOptions): ActionService {
  const { logger } = options;
  // A reload replaces every action on purpose: no overwrite warning.
  const registry = new ActionRegistry({ lock: options.lock, logger, onDuplicate: 'ignore' });
  const handler = new ActionHandler(registry, { timeoutMs: options.timeoutMs });
  const prices = new PriceTable();
  const committed: number[] = [];
  const closed: number[] = [];
  let current: ActionModule | undefined;
  let nextVersion = 1;

  async function reload(): Promise<ReloadReport> {
    const requested = performance.now();
    let waitedMs = 0;
    const loaded = await registry.transaction(async (tx) => {
      waitedMs = performance.now() - requested;
      const version = nextVersion++;
      const module = await loadActionModule(version, prices, (v) => {
        closed.push(v);
        logger.debug(`Closed the connection of module v${v}`, { version: v });
      });
      await prices.migrate(version);
      for (const name of Object.keys(current?.actions ?? {})) {
        if (!(name in module.actions)) tx.unregister(name);
      }
      for (const [name, { fn, options: actionOptions }] of Object.entries(module.actions)) tx.register(name, fn, actionOptions);
      return module;
    });
    current = loaded;
    committed.push(loaded.version);
    const report = { version: loaded.version, actions: Object.keys(loaded.actions), waitedMs, tookMs: performance.now() - requested };
    logger.info(`Reloaded the action module: v${report.version} (waited ${report.waitedMs.toFixed(1)} ms for the lock)`, {
      version: report.version,
      waitedMs: Number(report.waitedMs.toFixed(2)),
    });
    return report;
  }

  async function route(request: IncomingMessage, signal: AbortSignal): Promise<[number, unknown]> {
    const url = new URL(request.url ?? '/', 'http://service.invalid');
    const { pathname } = url;
    if (pathname === '/actions') {
      allow(request, 'GET');
      const actions = registry.list().map((name) => ({ name }));
      return [200, { version: current?.version ?? null, actions }];
    }
    if (pathname === '/admin/reload') {
      allow(request, 'POST');
      return [200, await reload()];
    }
    const match = /^\/actions\/([^/]+)$/.exec(pathname);
    if (match?.[1] !== undefined) {
      allow(request, 'POST');
      const name = decodeName(match[1]);
      const inputs = await readJson(request);
      const timeoutMs = readTimeout(url);
      // The handler itself rejects a body that is not an object, with INVALID_INPUTS.
      const result = await handler.execute(name, inputs as ActionInputs, timeoutMs === undefined ? { signal } : { signal, timeoutMs });
      return [200, { action: name, result }];
    }
    throw new HttpError(404, 'NO_ROUTE', `No route for ${request.method ?? 'GET'} ${pathname}`);
  }

  const server = createServer((request, response) => {
    // Cancel the execution if the client goes away before the answer is written.
    const controller = new AbortController();
    response.on('close', () => {
      if (!response.writableFinished) controller.abort(new Error('client closed the connection'));
    });
    route(request, controller.signal).then(
      ([status, body]) => {
        send(response, status, body);
      },
      (error: unknown) => {
        const [status, body] = describeFailure(error, logger);
        send(response, status, body);
      },
    );
  });

  return { server, registry, reload, committed, closed };
}

function allow(request: IncomingMessage, method: string): void {
  if (request.method !== method) throw new HttpError(405, 'METHOD_NOT_ALLOWED', `Use ${method}, not ${request.method ?? '?'}`);
}

function decodeName(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new HttpError(400, 'BAD_REQUEST', `Bad action name in the path: ${raw}`);
  }
}

function readTimeout(url: URL): number | undefined {
  const text = url.searchParams.get('timeoutMs');
  if (text === null) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value <= 0) throw new HttpError(400, 'BAD_REQUEST', `timeoutMs must be a positive integer, got '${text}'`);
  return value;
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'BODY_TOO_LARGE', `The body exceeds ${MAX_BODY_BYTES} bytes`);
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new HttpError(400, 'BAD_JSON', `The body is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function describeFailure(error: unknown, logger: Logger): [number, unknown] {
  if (ActionError.isInstance(error)) {
    return [STATUS_BY_CODE[error.code], { error: { code: error.code, message: error.message, action: error.action } }];
  }
  if (error instanceof HttpError) return [error.status, { error: { code: error.code, message: error.message } }];
  logger.error('Unexpected failure while serving a request', { error });
  return [500, { error: { code: 'INTERNAL', message: 'Internal error' } }];
}

function send(response: ServerResponse, status: number, body: unknown): void {
  if (response.destroyed) return;
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}
