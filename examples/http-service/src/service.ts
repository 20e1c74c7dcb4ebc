import { createServer, type IncomingMessage, type Server } from 'node:http';
import { ActionHandler, ActionRegistry, type ActionInputs, type LockStrategy, type Logger } from '@soni/core';
import type { WorkerPool } from '@soni/workers';
import { PriceTable, loadActionModule, type ActionModule } from './action-module';
import { ADMIN_TOKEN_ENV, bearerTokenCheck } from './admin-token';
import { guardConnections } from './connection-guards';
import { HttpError } from './http-status';
import { readJsonBody } from './request-body';
import { jsonRequestListener, truncate } from './request-listener';
import { resolveServiceLimits, serverOptions, type ServiceLimits } from './service-limits';

/** Options of {@link createActionService}. */
export interface ActionServiceOptions {
  lock: LockStrategy;
  logger: Logger;
  /** Time limit of an execution (lock wait included) unless the request sets `?timeoutMs=`. */
  timeoutMs: number;
  /**
   * The secret that `POST /admin/reload` requires as `Authorization: Bearer <token>`: 16 to
   * 1024 visible ASCII characters (see `adminTokenFromEnv`). Without one the admin
   * route is not mounted (it answers `404` like any unknown path) and a warning says why;
   * the actions are served either way.
   * @default undefined (no admin route)
   */
  adminToken?: string | undefined;
  /**
   * Overrides of `DEFAULT_SERVICE_LIMITS`: timeouts, sizes and connection counts.
   * @default {} (every default)
   */
  limits?: Partial<ServiceLimits> | undefined;
  /**
   * The pool the CPU-heavy `checksum` action runs in; without one it runs inline, on the event
   * loop, where it stalls every other request while it computes.
   * @default undefined (inline)
   */
  workers?: WorkerPool | undefined;
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
  /** The limits in force (the defaults with the `limits` option applied). */
  readonly limits: ServiceLimits;
  /** Whether `POST /admin/reload` is mounted (an admin token was given). */
  readonly adminRoute: boolean;
}

/**
 * A JSON service over an {@link ActionRegistry}:
 * - `GET /actions`: the current version and every action with its description;
 * - `POST /actions/:name[?timeoutMs=N]`: executes, body = inputs (`Content-Type:
 *   application/json`; no body = `{}`); `200 {action, result}` or `{error: {code, message,
 *   action}}` with the status of `STATUS_BY_CODE`;
 * - `POST /admin/reload` (only with `adminToken`, and only for a request that carries it):
 *   {@link ActionService.reload}.
 *
 * Hardened for the open network: every timeout, size and connection count is bounded by
 * {@link ServiceLimits}; what a client does wrong (a slow or oversized request, a wrong media
 * type, a connection closed mid-body) gets a JSON error or a closed socket and a `debug` log
 * line, never an error log. Only the service's own failures are logged as errors.
 *
 * Executions hold the registry's lock in shared mode; a reload holds it in exclusive mode while
 * it migrates the price table and stages the new actions, so with a read-write lock it waits
 * for in-flight executions to drain and new ones wait for its commit. A replaced module's
 * connection closes after the last execution of its actions (their `dispose`).
 *
 * @throws InvalidArgumentError when a limit or the admin token is not valid.
 * @example
 * ```ts
 * const service = createActionService({
 *   lock: createLock('rwlock'),
 *   logger: consoleLogger(),
 *   timeoutMs: 2_000,
 *   adminToken: adminTokenFromEnv(),
 *   limits: { maxConnections: 500 },
 * });
 * await service.reload();
 * service.server.listen(3000, '127.0.0.1');
 * ```
 */
export function createActionService(options: ActionServiceOptions): ActionService {
  const { logger } = options;
  const limits = resolveServiceLimits(options.limits);
  const checkAdmin = options.adminToken === undefined ? undefined : bearerTokenCheck(options.adminToken);
  if (checkAdmin === undefined) {
    logger.warn(`POST /admin/reload is not mounted: no admin token (set ${ADMIN_TOKEN_ENV} to a secret of 16+ characters)`);
  }
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
      const module = await loadActionModule(
        version,
        prices,
        (v) => {
          closed.push(v);
          logger.debug(`Closed the connection of module v${v}`, { version: v });
        },
        options.workers,
      );
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
    if (pathname === '/admin/reload' && checkAdmin !== undefined) {
      // Before anything else: a caller without the token learns nothing about the route.
      checkAdmin(request);
      allow(request, 'POST');
      return [200, await reload()];
    }
    const match = /^\/actions\/([^/]+)$/.exec(pathname);
    if (match?.[1] !== undefined) {
      allow(request, 'POST');
      const name = decodeName(match[1]);
      const timeoutMs = readTimeout(url, limits.maxTimeoutMs);
      const inputs = await readJsonBody(request, limits);
      // The handler itself rejects a body that is not an object, with INVALID_INPUTS.
      const result = await handler.execute(name, inputs as ActionInputs, timeoutMs === undefined ? { signal } : { signal, timeoutMs });
      return [200, { action: name, result }];
    }
    throw new HttpError(404, 'NO_ROUTE', `No route for ${request.method ?? 'GET'} ${truncate(pathname)}`);
  }

  const { listener, isAnswering } = jsonRequestListener(route, logger);
  const server = createServer(serverOptions(limits), listener);
  guardConnections(server, limits, logger, isAnswering);

  return { server, registry, reload, committed, closed, limits, adminRoute: checkAdmin !== undefined };
}

function allow(request: IncomingMessage, method: string): void {
  if (request.method !== method) throw new HttpError(405, 'METHOD_NOT_ALLOWED', `Use ${method}, not ${request.method ?? '?'}`);
}

function decodeName(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new HttpError(400, 'BAD_REQUEST', `Bad action name in the path: ${truncate(raw)}`);
  }
}

function readTimeout(url: URL, max: number): number | undefined {
  const text = url.searchParams.get('timeoutMs');
  if (text === null) return undefined;
  const value = Number(text);
  if (!/^\d{1,16}$/.test(text) || value <= 0 || value > max) {
    throw new HttpError(400, 'BAD_REQUEST', `timeoutMs must be an integer from 1 to ${max}, got '${truncate(text)}'`);
  }
  return value;
}
