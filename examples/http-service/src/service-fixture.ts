import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createLock } from '@soni/locking';
import { memoryLogger, type MemoryLogger } from '@soni/logging';
import { afterEach } from 'vitest';
import { createActionService, type ActionService, type ActionServiceOptions } from './service';
import type { ServiceLimits } from './service-limits';

/** Limits small enough for tests to watch every timeout fire within a second. */
export const FAST_LIMITS: Partial<ServiceLimits> = {
  headersTimeoutMs: 300,
  bodyTimeoutMs: 300,
  requestTimeoutMs: 1_000,
  connectionsCheckingIntervalMs: 50,
  keepAliveTimeoutMs: 100,
};

/**
 * How late past its deadline a limit may act and still count as enforced: timers and socket
 * events run late on a loaded machine (CI runners, two cores shared by several suites). The
 * old service fails these tests by seconds to minutes, not by this margin.
 */
export const SLACK_MS = 700;

/** The admin token {@link startService} configures unless told otherwise. */
export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789';

/** A service listening on `127.0.0.1`, port 0, for one test. */
export interface RunningService {
  readonly service: ActionService;
  readonly port: number;
  /** Every line the service logged (level `debug` and up). */
  readonly logger: MemoryLogger;
  /** Stops the server and drops its connections. */
  stop(): Promise<void>;
}

/**
 * Starts the example service (module v1 loaded) with {@link FAST_LIMITS}, a memory logger and
 * {@link TEST_ADMIN_TOKEN}; `options` override them (`adminToken: undefined` for none), and
 * `limits` are merged over the fast ones.
 */
export async function startService(options: Partial<ActionServiceOptions> = {}): Promise<RunningService> {
  const logger = memoryLogger();
  const service = createActionService({
    lock: createLock('rwlock'),
    logger,
    timeoutMs: 2_000,
    adminToken: TEST_ADMIN_TOKEN,
    ...options,
    limits: { ...FAST_LIMITS, ...options.limits },
  });
  await service.reload();
  service.server.listen(0, '127.0.0.1');
  await once(service.server, 'listening');
  const { port } = service.server.address() as AddressInfo;
  return {
    service,
    port,
    logger,
    async stop() {
      const closed = once(service.server, 'close');
      service.server.close();
      service.server.closeAllConnections();
      await closed;
    },
  };
}

/**
 * For a test file: a `start` that runs {@link startService} and stops the service it started
 * after each test, whatever the test's outcome.
 */
export function servicePerTest(): (options?: Partial<ActionServiceOptions>) => Promise<RunningService> {
  let running: RunningService | undefined;
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });
  return async (options) => {
    running = await startService(options);
    return running;
  };
}
