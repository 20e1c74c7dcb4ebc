// Each test here fails on the service before the hardening (commit df7dac6), which set no
// limit of its own (Node's defaults: header drips dropped after 60 to 90 s, body drips after
// 5 minutes, keep-alive 5 s, unlimited connections) and ignored the `limits` option; except
// where a test says it pins today's behaviour.
import { connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { InvalidArgumentError } from '@soni/core';
import { createLock } from '@soni/locking';
import { memoryLogger } from '@soni/logging';
import { afterEach, describe, expect, it } from 'vitest';
import { httpRequest, rawExchange } from './raw-client';
import { createActionService } from './service';
import { SLACK_MS, servicePerTest, type RunningService } from './service-fixture';
import { DEFAULT_SERVICE_LIMITS, resolveServiceLimits } from './service-limits';

const start = servicePerTest();
const sockets: Socket[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.destroy();
});

const JSON_TYPE = { 'Content-Type': 'application/json' };
// Node checks its own two timeouts every connectionsCheckingIntervalMs; allow that and some.
const lateBy = (service: RunningService['service']): number => service.limits.connectionsCheckingIntervalMs + SLACK_MS;

describe('slow clients', () => {
  it('drops a client that drips its headers with 408 after headersTimeoutMs', async () => {
    const { port, service } = await start();
    const exchange = await rawExchange(port, {
      send: 'POST /actions/greet HTTP/1.1\r\n',
      drip: { text: 'X-Drip: 1\r\n', everyMs: 20 },
      deadlineMs: 3_000,
    });
    expect(exchange.status).toBe(408);
    expect(exchange.body).toMatchObject({ error: { code: 'REQUEST_TIMEOUT' } });
    expect(exchange.end).toBe('server closed');
    expect(exchange.elapsedMs).toBeLessThan(service.limits.headersTimeoutMs + lateBy(service));
  });

  it('drops a connection that sends nothing after headersTimeoutMs', async () => {
    const { port, service } = await start();
    const exchange = await rawExchange(port, { send: '', deadlineMs: 3_000 });
    expect(exchange.status).toBe(408);
    expect(exchange.end).toBe('server closed');
    expect(exchange.elapsedMs).toBeLessThan(service.limits.headersTimeoutMs + lateBy(service));
  });

  it('drops 100 dripping sockets (50 headers, 50 bodies) in time while it keeps serving', async () => {
    const { port, service, logger } = await start();
    const headers = Array.from({ length: 50 }, () =>
      rawExchange(port, { send: 'POST /actions/greet HTTP/1.1\r\n', drip: { text: 'X-Drip: 1\r\n', everyMs: 50 }, deadlineMs: 3_000 }),
    );
    const bodies = Array.from({ length: 50 }, () =>
      rawExchange(port, {
        send: httpRequest('POST', '/actions/greet', { ...JSON_TYPE, 'Content-Length': '1000' }),
        drip: { text: ' ', everyMs: 50 },
        deadlineMs: 3_000,
      }),
    );
    const normal = await rawExchange(port, { send: httpRequest('POST', '/actions/greet', { ...JSON_TYPE, Connection: 'close' }, '{"name":"Ada"}'), deadlineMs: 3_000 });
    expect(normal.status).toBe(200);
    const dropped = await Promise.all([...headers, ...bodies]);
    expect(dropped.map(({ status, end }) => `${String(status)} ${end}`)).toEqual(Array.from({ length: 100 }, () => '408 server closed'));
    expect(Math.max(...dropped.map(({ elapsedMs }) => elapsedMs))).toBeLessThan(service.limits.headersTimeoutMs + lateBy(service));
    expect([...logger.messages('warn'), ...logger.messages('error')]).toEqual([]);
  });

  it('closes an idle keep-alive connection after keepAliveTimeoutMs (plus the 1 s grace Node adds)', async () => {
    const { port, service } = await start();
    const exchange = await rawExchange(port, { send: httpRequest('POST', '/actions/greet', JSON_TYPE, '{"name":"Ada"}'), deadlineMs: 3_000 });
    expect(exchange.status).toBe(200);
    expect(exchange.end).toBe('server closed');
    expect(exchange.elapsedMs).toBeLessThan(service.limits.keepAliveTimeoutMs + 1_000 + SLACK_MS);
  });

  it('answers an execution that outlasts requestTimeoutMs: the clock stops once the request is in (this pins today behaviour)', async () => {
    const { port } = await start({ limits: { requestTimeoutMs: 400 } });
    const ms = 600;
    const exchange = await rawExchange(port, {
      send: httpRequest('POST', '/actions/slow?timeoutMs=5000', { ...JSON_TYPE, Connection: 'close' }, JSON.stringify({ ms })),
      deadlineMs: 4_000,
    });
    expect(exchange.status).toBe(200);
    expect(exchange.body).toMatchObject({ result: { sleptMs: ms } });
  });
});

describe('sizes and counts', () => {
  it('answers 431 HEADERS_TOO_LARGE in JSON to a request line over maxHeaderBytes', async () => {
    const { port } = await start({ limits: { maxHeaderBytes: 1_024 } });
    const exchange = await rawExchange(port, { send: httpRequest('POST', `/actions/${'n'.repeat(2_000)}`), deadlineMs: 2_000 });
    expect(exchange.status).toBe(431);
    expect(exchange.body).toMatchObject({ error: { code: 'HEADERS_TOO_LARGE' } });
  });

  it('closes connections above maxConnections at once, and warns', async () => {
    const { port, logger } = await start({ limits: { maxConnections: 3, headersTimeoutMs: 1_000 } });
    for (let i = 0; i < 3; i++) {
      const socket = connect(port, '127.0.0.1');
      sockets.push(socket);
      await once(socket, 'connect');
    }
    const extra = await rawExchange(port, { send: '', deadlineMs: 500 });
    expect(extra.end).toBe('server closed');
    expect(extra.status).toBeUndefined();
    expect(logger.messages('warn')).toEqual([expect.stringContaining('Connection limit reached') as string]);
  });

  it('refuses a ?timeoutMs= above maxTimeoutMs with 400 (3000000000 used to be a false 504 TIMEOUT)', async () => {
    const { port } = await start();
    const exchange = await rawExchange(port, {
      send: httpRequest('POST', '/actions/slow?timeoutMs=3000000000', { ...JSON_TYPE, Connection: 'close' }, '{"ms":20}'),
      deadlineMs: 2_000,
    });
    expect(exchange.status).toBe(400);
    expect(exchange.body).toMatchObject({ error: { code: 'BAD_REQUEST', message: expect.stringContaining('60000') as string } });
  });
});

describe('the limits option', () => {
  it('applies the documented defaults to the server', () => {
    const service = createActionService({ lock: createLock('rwlock'), logger: memoryLogger(), timeoutMs: 1_000 });
    const { server } = service;
    expect(service.limits).toEqual(DEFAULT_SERVICE_LIMITS);
    expect([server.headersTimeout, server.requestTimeout, server.keepAliveTimeout, server.maxConnections, server.maxHeadersCount]).toEqual([
      10_000, 30_000, 5_000, 1_000, 100,
    ]);
  });

  it.each([
    [{ headersTimeout: 5 }, /unknown limit headersTimeout/],
    [{ bodyTimeoutMs: 0 }, /limits.bodyTimeoutMs must be a positive integer/],
    [{ maxBodyBytes: 1.5 }, /limits.maxBodyBytes must be a positive integer/],
    [{ requestTimeoutMs: 2 ** 31 }, /up to 2147483647/],
    [{ headersTimeoutMs: 40_000 }, /headersTimeoutMs \(40000\) must not exceed limits.requestTimeoutMs \(30000\)/],
    [[], /limits must be an object/],
  ])('rejects %j with InvalidArgumentError', (limits, message) => {
    const create = (): unknown =>
      createActionService({ lock: createLock('rwlock'), logger: memoryLogger(), timeoutMs: 1_000, limits: limits as never });
    expect(create).toThrow(InvalidArgumentError);
    expect(create).toThrow(message);
  });

  it('keeps the defaults it is not given', () => {
    expect(resolveServiceLimits({ maxConnections: 7 })).toEqual({ ...DEFAULT_SERVICE_LIMITS, maxConnections: 7 });
  });
});
