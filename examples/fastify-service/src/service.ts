import { ActionHandler, ActionRegistry, type LockStrategy } from '@soni/core';
import { pinoLogger } from '@soni/logging';
import { LogController, fastify, type FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServiceActions } from './actions';
import { PriceCatalog } from './catalog';
import { errorReply } from './error-reply';
import { reloadActions, type ReloadLog } from './reload';

/** Options of {@link createService}. */
export interface ServiceOptions {
  /** The global scope's lock (the app passes `lockFromEnv()`). */
  readonly lock: LockStrategy;
  /** Fastify's log level; the registry logs through the same logger. @default 'info' */
  readonly logLevel?: string;
  /** Where Fastify (and so the registry) writes its JSON lines. @default stdout */
  readonly logStream?: { write(line: string): void };
  /** Time limit of each execution, lock wait included. @default 2000 */
  readonly timeoutMs?: number;
}

/** The running service: the Fastify app and what its start-up and tests look at. */
export interface Service {
  readonly app: FastifyInstance;
  /** Executes the service's actions, typed by name. */
  readonly actions: ActionHandler<ServiceActions>;
  readonly reloads: ReloadLog;
  /** Loads the next version of the actions through a transaction; resolves to its number. */
  reload(): Promise<number>;
}

const actionRoute = z.object({ name: z.string().min(1).max(200) });
// Any JSON object; the action's own schema checks its fields (and names each failing one).
const actionBody = z.record(z.string(), z.unknown());
const helloRoute = z.object({ name: z.string() });

/**
 * Builds the Fastify app. The global scope gets the given lock and logs through Fastify's own
 * logger (`pinoLogger(app.log)`), then the first version of the actions is loaded.
 *
 * Routes: `GET /actions` (the tool listing: name, description, required inputs, JSON Schema),
 * `POST /actions/:name` (any action, untyped: the name comes from the URL), `GET /hello/:name`
 * (a typed call to `greet`).
 */
export async function createService(options: ServiceOptions): Promise<Service> {
  const logger = options.logStream === undefined ? { level: options.logLevel ?? 'info' } : { level: options.logLevel ?? 'info', stream: options.logStream };
  // One JSON line per request would drown the example's output; the registry's lines stay.
  const app = fastify({ logger, logController: new LogController({ disableRequestLogging: true }) });
  // The registry writes through Fastify's own pino logger: same stream, same level, its lines
  // tagged `component: 'actions'` like the reloads below.
  const actionLog = app.log.child({ component: 'actions' });
  ActionRegistry.configure({ lock: options.lock, logger: pinoLogger(actionLog) });

  const registry = new ActionRegistry();
  const handlerOptions = { timeoutMs: options.timeoutMs ?? 2_000 };
  // Typed by name for the service's own calls; untyped for names that arrive in a URL.
  const actions = new ActionHandler<ServiceActions>(registry, handlerOptions);
  const byName = new ActionHandler(registry, handlerOptions);

  const catalog = new PriceCatalog();
  const reloads: ReloadLog = { committed: [], closed: [] };
  let version = 0;
  const reload = async (): Promise<number> => {
    version += 1;
    const next = version;
    await reloadActions(next, catalog, reloads);
    actionLog.info({ version: next }, `actions v${next} committed`);
    return next;
  };

  app.setErrorHandler((error, _request, reply) => {
    const { status, body } = errorReply(error);
    if (status >= 500) app.log.error({ err: error }, 'request failed');
    return reply.code(status).send(body);
  });

  app.get('/actions', () => ({
    actions: registry.describeActions().map(({ name, description, requiredInputs, jsonSchema }) => ({ name, description, requiredInputs, inputSchema: jsonSchema })),
  }));

  app.post('/actions/:name', async (request) => {
    const { name } = actionRoute.parse(request.params);
    const inputs = actionBody.parse(request.body ?? {});
    return { action: name, result: await byName.execute(name, inputs) };
  });

  app.get('/hello/:name', async (request) => {
    const { name } = helloRoute.parse(request.params);
    // Typed: 'greet' must be declared, `{ name }` must fit its schema, and `greeting` is a string.
    const { greeting, version: servedBy } = await actions.execute('greet', { name });
    return { greeting, servedBy };
  });

  await reload();
  return { app, actions, reloads, reload };
}
