// Each test here fails on the service before the hardening (commit df7dac6), where a body of
// any type was parsed, a dripping body kept its socket open, and a client that left mid-body
// was logged as an ERROR with a stack trace; except where a test says it pins today's behaviour.
import { describe, expect, it } from 'vitest';
import { httpRequest, rawExchange } from './raw-client';
import { SLACK_MS, servicePerTest } from './service-fixture';

const start = servicePerTest();

const GREET = '{"name":"Ada"}';

describe('Content-Type', () => {
  it.each([
    ['text/plain', { 'Content-Type': 'text/plain' }],
    ['a form (what curl -d sends)', { 'Content-Type': 'application/x-www-form-urlencoded' }],
    ['JSON in another charset', { 'Content-Type': 'application/json; charset=latin1' }],
    ['a look-alike type', { 'Content-Type': 'application/jsonp' }],
    ['no Content-Type on a body', {}],
  ])('answers 415 UNSUPPORTED_MEDIA_TYPE to %s, without running the action', async (_, headers) => {
    const { port } = await start();
    const exchange = await rawExchange(port, { send: httpRequest('POST', '/actions/greet', { ...headers, Connection: 'close' }, GREET), deadlineMs: 2_000 });
    expect(exchange.status).toBe(415);
    expect(exchange.body).toEqual({ error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.any(String) as string } });
  });

  it.each(['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset="UTF-8"'])(
    'accepts %s (this pins today behaviour)',
    async (type) => {
      const { port } = await start();
      const exchange = await rawExchange(port, {
        send: httpRequest('POST', '/actions/greet', { 'Content-Type': type, Connection: 'close' }, GREET),
        deadlineMs: 2_000,
      });
      expect(exchange.status).toBe(200);
      expect(exchange.body).toMatchObject({ result: { greeting: 'Hello, Ada!' } });
    },
  );

  it('reads no body and no Content-Type as {} (this pins today behaviour)', async () => {
    const { port } = await start();
    const exchange = await rawExchange(port, { send: httpRequest('POST', '/actions/greet', { Connection: 'close' }), deadlineMs: 2_000 });
    // `{}` reached the action: it is missing its input, rather than refused at the door.
    expect(exchange.status).toBe(400);
    expect(exchange.body).toMatchObject({ error: { code: 'MISSING_INPUTS' } });
  });

  it('refuses a declared type other than JSON even on an empty body', async () => {
    const { port } = await start();
    const exchange = await rawExchange(port, {
      send: httpRequest('POST', '/actions/greet', { 'Content-Type': 'text/plain', Connection: 'close' }),
      deadlineMs: 2_000,
    });
    expect(exchange.status).toBe(415);
  });
});

describe('body size', () => {
  it('answers 413 to a Content-Length over maxBodyBytes at once, and closes the connection', async () => {
    const { port } = await start({ limits: { maxBodyBytes: 64 } });
    // The client announces 1000 bytes but sends only the headers: the answer cannot have waited for the body.
    const exchange = await rawExchange(port, {
      send: httpRequest('POST', '/actions/greet', { 'Content-Type': 'application/json', 'Content-Length': '1000' }),
      deadlineMs: 2_000,
    });
    expect(exchange.status).toBe(413);
    expect(exchange.body).toMatchObject({ error: { code: 'BODY_TOO_LARGE' } });
    expect(exchange.end).toBe('server closed');
    expect(exchange.elapsedMs).toBeLessThan(SLACK_MS);
  });

  it('answers 413 to a chunked body once it passes maxBodyBytes, and closes the connection', async () => {
    const { port } = await start({ limits: { maxBodyBytes: 64 } });
    // 100 bytes in one chunk, and no final chunk: the service must stop reading by itself.
    const exchange = await rawExchange(port, {
      send: httpRequest('POST', '/actions/greet', { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' }) + `64\r\n${'x'.repeat(100)}\r\n`,
      deadlineMs: 2_000,
    });
    expect(exchange.status).toBe(413);
    expect(exchange.end).toBe('server closed');
  });
});

describe('a body that drips', () => {
  it('gets 408 REQUEST_TIMEOUT and a closed connection bodyTimeoutMs after the headers', async () => {
    const { port, service } = await start();
    const exchange = await rawExchange(port, {
      send: httpRequest('POST', '/actions/greet', { 'Content-Type': 'application/json', 'Content-Length': '1000' }),
      drip: { text: ' ', everyMs: 20 },
      deadlineMs: 3_000,
    });
    expect(exchange.status).toBe(408);
    expect(exchange.body).toMatchObject({ error: { code: 'REQUEST_TIMEOUT' } });
    expect(exchange.end).toBe('server closed');
    expect(exchange.elapsedMs).toBeGreaterThanOrEqual(service.limits.bodyTimeoutMs - 5);
    expect(exchange.elapsedMs).toBeLessThan(service.limits.bodyTimeoutMs + SLACK_MS);
  });
});

describe('a client that disconnects mid-body', () => {
  it('is one debug line, with no warning and no error', async () => {
    const { port, logger } = await start();
    const exchange = await rawExchange(port, {
      send: httpRequest('POST', '/actions/greet', { 'Content-Type': 'application/json', 'Content-Length': '100' }, '{"name":'),
      hangUpAfterMs: 30,
      deadlineMs: 2_000,
    });
    expect(exchange.end).toBe('client closed');
    await expect.poll(() => logger.messages('debug').filter((message) => message.includes('before the body was complete'))).toHaveLength(1);
    expect([...logger.messages('warn'), ...logger.messages('error')]).toEqual([]);
    const [record] = logger.records.filter(({ message }) => message.includes('before the body was complete'));
    expect(record?.fields).toMatchObject({ method: 'POST', path: '/actions/greet', receivedBytes: 8 });
  });
});
