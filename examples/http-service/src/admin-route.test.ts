// Each test here fails on the service before the hardening (commit df7dac6), where
// `POST /admin/reload` reloaded for anyone and there was no `adminToken` option; except the
// one with the right token, which passes there too (anyone could reload).
import { InvalidArgumentError } from '@soni/core';
import { describe, expect, it } from 'vitest';
import { httpRequest, rawExchange, type RawExchange } from './raw-client';
import { servicePerTest, startService, TEST_ADMIN_TOKEN } from './service-fixture';

const start = servicePerTest();

function reload(port: number, headers: Readonly<Record<string, string>> = {}): Promise<RawExchange> {
  return rawExchange(port, { send: httpRequest('POST', '/admin/reload', { ...headers, Connection: 'close' }), deadlineMs: 2_000 });
}

describe('POST /admin/reload', () => {
  it('is not mounted without an admin token, and a warning says why; actions are still served', async () => {
    const { port, service, logger } = await start({ adminToken: undefined });
    const exchange = await reload(port, { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` });
    expect(exchange.status).toBe(404);
    expect(exchange.body).toMatchObject({ error: { code: 'NO_ROUTE' } });
    expect(service.committed).toEqual([1]);
    expect(service.adminRoute).toBe(false);
    expect(logger.messages('warn')).toEqual([expect.stringMatching(/admin\/reload is not mounted.*SONI_ADMIN_TOKEN/) as string]);
    const action = await rawExchange(port, {
      send: httpRequest('POST', '/actions/greet', { 'Content-Type': 'application/json', Connection: 'close' }, '{"name":"Ada"}'),
      deadlineMs: 2_000,
    });
    expect(action.status).toBe(200);
  });

  it.each([
    ['no Authorization header', {}],
    ['another scheme', { Authorization: `Basic ${Buffer.from(`admin:${TEST_ADMIN_TOKEN}`).toString('base64')}` }],
    ['an empty bearer token', { Authorization: 'Bearer ' }],
  ])('answers 401 to %s, with WWW-Authenticate, and does not reload', async (_, headers) => {
    const { port, service } = await start();
    const exchange = await reload(port, headers);
    expect(exchange.status).toBe(401);
    expect(exchange.body).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    expect(service.committed).toEqual([1]);
  });

  it.each([
    ['a wrong token of the same length', 'x'.repeat(TEST_ADMIN_TOKEN.length)],
    ['the token with a suffix', `${TEST_ADMIN_TOKEN}x`],
    ['a prefix of the token', TEST_ADMIN_TOKEN.slice(0, -1)],
    ['a long token', 'y'.repeat(5_000)],
  ])('answers 403 to %s, says nothing about it, and does not reload', async (_, token) => {
    const { port, service } = await start();
    const exchange = await reload(port, { Authorization: `Bearer ${token}` });
    expect(exchange.status).toBe(403);
    expect(exchange.body).toEqual({ error: { code: 'FORBIDDEN', message: 'The admin token is not valid' } });
    expect(service.committed).toEqual([1]);
  });

  it('reloads with the right token (any case of the scheme)', async () => {
    const { port, service } = await start();
    const exchange = await reload(port, { Authorization: `bearer ${TEST_ADMIN_TOKEN}` });
    expect(exchange.status).toBe(200);
    expect(exchange.body).toMatchObject({ version: 2 });
    expect(service.committed).toEqual([1, 2]);
  });

  it.each([
    ['too short', 'short-token'],
    ['with a space', 'a token with spaces in it'],
    ['with a control character', `${TEST_ADMIN_TOKEN}\n`],
  ])('refuses to start with an admin token %s, without echoing it', async (_, adminToken) => {
    await expect(startService({ adminToken })).rejects.toThrow(InvalidArgumentError);
    await expect(startService({ adminToken })).rejects.not.toThrow(adminToken.trim());
  });
});
