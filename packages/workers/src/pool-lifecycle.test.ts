import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ActionHandler } from '@soni/core';
import { describe, expect, it } from 'vitest';
import { WorkerPoolClosedError } from './index';
import { ACTIONS, causeOf, quietRegistry, sleep, testPool } from './test-pools.fixture';

describe('the pool’s life', () => {
  it('starts no thread until an action runs', () => {
    const pool = testPool({ maxThreads: 2, minThreads: 1 });
    pool.action({ module: ACTIONS, export: 'double' });
    expect(pool.threads).toBe(0);
  });

  it('ends its threads once the registry has disposed all its actions (clearLocal), after the running ones', async () => {
    const pool = testPool({ maxThreads: 2, minThreads: 1 });
    const registry = quietRegistry();
    for (const name of ['double', 'spin']) {
      const action = pool.action({ module: ACTIONS, export: name });
      registry.registerLocal(name, action, { dispose: action.dispose });
    }
    const handler = new ActionHandler(registry);
    expect(await handler.execute('double', { n: 1 })).toEqual({ doubled: 2 });
    const running = handler.execute('spin', { ms: 200 });
    registry.clearLocal();
    await sleep(50);
    expect(pool.threads).toBeGreaterThan(0);
    expect(await running).toEqual({ spun: 200, tag: null });
    for (let i = 0; i < 100 && pool.threads > 0; i++) await sleep(10);
    expect(pool.threads).toBe(0);
    expect(pool.closed).toBe(false);
  });

  it('keeps its threads while one action is still registered', async () => {
    const pool = testPool({ maxThreads: 1, minThreads: 1 });
    const registry = quietRegistry();
    const double = pool.action({ module: ACTIONS, export: 'double' });
    const spin = pool.action({ module: ACTIONS, export: 'spin' });
    registry.registerLocal('double', double, { dispose: double.dispose });
    registry.registerLocal('spin', spin, { dispose: spin.dispose });
    await new ActionHandler(registry).execute('double', { n: 1 });
    registry.unregisterLocal('spin');
    await sleep(50);
    expect(pool.threads).toBe(1);
    // Disposing twice counts once.
    await spin.dispose();
    expect(pool.threads).toBe(1);
  });

  it('after close(), its actions fail with WORKER_POOL_CLOSED and no new one can be made', async () => {
    const pool = testPool();
    const registry = quietRegistry();
    registry.registerLocal('double', pool.action({ module: ACTIONS, export: 'double' }));
    await new ActionHandler(registry).execute('double', { n: 1 });
    await pool.close();
    expect(pool.threads).toBe(0);
    const cause = await causeOf(new ActionHandler(registry).execute('double', { n: 1 }));
    expect(WorkerPoolClosedError.isInstance(cause) && cause.action).toBe('double');
    expect(() => pool.action({ module: ACTIONS, export: 'double' })).toThrow(WorkerPoolClosedError);
    await pool.close();
  });

  it('never keeps the process alive: a process with an idle pool (minThreads 1, long idle timeout) exits by itself', () => {
    const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));
    const script = `
      const { createWorkerPool } = await import(${JSON.stringify(entry)});
      const pool = createWorkerPool({ minThreads: 1, maxThreads: 2, idleTimeoutMs: 600000 });
      const double = pool.action({ module: new URL(${JSON.stringify(ACTIONS.href)}), export: 'double' });
      const result = await double({ n: 21 }, { action: 'double', signal: new AbortController().signal });
      console.log(JSON.stringify({ result, threads: pool.threads }));
    `;
    const started = performance.now();
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 15_000 });
    expect(child.stderr).toBe('');
    expect(child.signal).toBeNull();
    expect(child.status).toBe(0);
    expect(JSON.parse(child.stdout)).toEqual({ result: { doubled: 42 }, threads: 1 });
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
