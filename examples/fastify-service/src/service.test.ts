import { ActionRegistry } from '@soni/core';
import { lockFromEnv } from '@soni/locking';
import { actionRegistryHarness, preserveGlobalRegistry, type LockCapabilities } from '@soni/testing';
import { describeLockConformance, describeRegistryConformance } from '@soni/testing/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createService, type Service } from './service';

// The app's tests and the @soni/testing suites share this file (and so the process's one
// global scope): the suites run inside preserveGlobalRegistry(), and the last tests check
// the app came out of them as it went in.

const chooseLock = () => lockFromEnv({ SONI_LOCK: 'rwlock', ...process.env });

/** What each built-in strategy claims, for the lock conformance suite. */
const CLAIMS: Readonly<Record<string, LockCapabilities>> = {
  rwlock: { sharedConcurrency: true, writerPreference: true, fifo: true, timeouts: true, abort: true, asyncContext: true, selfDeadlockDetection: true },
  mutex: { fifo: true, timeouts: true, abort: true, asyncContext: true, selfDeadlockDetection: true },
  none: { mutualExclusion: false },
};

const logLine = z.record(z.string(), z.unknown());
const lines: Record<string, unknown>[] = [];
const logStream = {
  write(chunk: string): void {
    for (const line of chunk.split('\n')) if (line !== '') lines.push(logLine.parse(JSON.parse(line)));
  },
};

const lock = chooseLock();
let service: Service;

beforeAll(async () => {
  service = await createService({ lock, logLevel: 'debug', logStream });
});

afterAll(async () => {
  await service.app.close();
  ActionRegistry.clearGlobal();
  ActionRegistry.resetConfiguration();
});

async function post(name: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await service.app.inject({ method: 'POST', url: `/actions/${name}`, payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  return { status: response.statusCode, body: response.json() };
}

describe('the app', () => {
  it('lists its actions for a tool listing, each with its JSON Schema and required inputs', async () => {
    const response = await service.app.inject({ method: 'GET', url: '/actions' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      actions: [
        { name: 'greet', description: 'Greets someone by name.', requiredInputs: ['name'], inputSchema: { type: 'object', required: ['name'] } },
        { name: 'quote', requiredInputs: ['items'], inputSchema: { type: 'object', properties: { items: { type: 'array', minItems: 1 } } } },
      ],
    });
  });

  it('executes an action by name, and names each invalid input by its path', async () => {
    expect(await post('greet', { name: ' Ada ' })).toEqual({ status: 200, body: { action: 'greet', result: { greeting: 'Hello Ada', version: 1 } } });
    const invalid = await post('quote', { items: [{ sku: 'apple', qty: 0 }, { sku: 'kiwi', qty: 1 }] });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ error: { code: 'INVALID_INPUTS', action: 'quote', issues: [{ path: 'items[0].qty' }, { path: 'items[1].sku' }] } });
    expect(await post('refund', {})).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
  });

  it('calls greet typed by name from a route', async () => {
    const response = await service.app.inject({ method: 'GET', url: '/hello/Grace' });
    expect(response.json()).toEqual({ greeting: 'Hello Grace', servedBy: 1 });
  });

  it("logs the registry's records through Fastify's logger", () => {
    expect(lines.find((line) => line.msg === 'Registered global action: greet')).toMatchObject({ component: 'actions', action: 'greet', scope: 'global', level: 20 });
  });

  it('hot-reloads through a transaction: a quote already running finishes on its version, the next one runs the new one', async () => {
    const running = service.actions.execute('quote', { items: [{ sku: 'apple', qty: 1 }, { sku: 'fig', qty: 1 }] });
    const reloaded = service.reload();
    const next = service.actions.execute('quote', { items: [{ sku: 'pear', qty: 1 }] });
    const [before, version, after] = await Promise.all([running, reloaded, next]);
    expect(before).toMatchObject({ version: 1, rowVersions: [1, 1] });
    expect(version).toBe(2);
    expect(after).toMatchObject({ version: 2, rowVersions: [2] });
  });
});

describe('the @soni/testing suites, beside the app', () => {
  let restore: () => void = () => undefined;
  beforeAll(() => {
    restore = preserveGlobalRegistry();
  });
  afterAll(() => {
    restore();
  });

  describeRegistryConformance('ActionRegistry', actionRegistryHarness(ActionRegistry), { readWriteDurationMs: 200 });
  describeLockConformance(`the SONI_LOCK lock (${chooseLock().kind})`, chooseLock, CLAIMS[chooseLock().kind] ?? {});
});

describe('the app, after the suites', () => {
  it('still has its actions, its lock and its logger', () => {
    expect(new ActionRegistry().list()).toEqual(['greet', 'quote']);
    expect(ActionRegistry.configuration()).toMatchObject({ lock, onDuplicate: 'warn' });
    expect(service.reloads.closed).toEqual([1]);
    const before = lines.length;
    ActionRegistry.configuration().logger.debug('still here', { probe: true });
    expect(lines.slice(before)).toMatchObject([{ msg: 'still here', component: 'actions', probe: true }]);
  });

  it('still serves', async () => {
    expect(await post('greet', { name: 'Lin' })).toEqual({ status: 200, body: { action: 'greet', result: { greeting: 'Hello Lin', version: 2 } } });
  });
});
