import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ActionHandler, ActionRegistry, NO_LOCK, type LockStrategy } from '@soni/core';
import { MutexLock, ReadWriteLock } from '@soni/locking';
import { afterEach, describe, expect, it } from 'vitest';
import { ACTIONS, quietRegistry, sleep, testPool } from './test-pools.fixture';

describe('a worker action under the scope’s lock', () => {
  /** Whether a transaction started while `spin` runs commits only after it settled. */
  async function transactionWaits(lock: LockStrategy): Promise<boolean> {
    const pool = testPool();
    const registry = quietRegistry({ lock });
    registry.registerLocal('spin', pool.action({ module: ACTIONS, export: 'spin' }));
    const startedAt = performance.now();
    const running = new ActionHandler(registry).execute('spin', { ms: 300 });
    await sleep(50);
    let committedAt = 0;
    await registry.transaction(() => {
      committedAt = performance.now();
    });
    await running;
    // The action spins for 300 ms once its thread has it: a commit that waited comes after.
    return committedAt - startedAt >= 300;
  }

  it('holds the shared lock for its whole run: a transaction waits for it (read-write lock)', async () => {
    expect(await transactionWaits(new ReadWriteLock())).toBe(true);
  });

  it('and with a mutex', async () => {
    expect(await transactionWaits(new MutexLock())).toBe(true);
  });

  it('without a lock nothing waits (the check catches a missing hold)', async () => {
    expect(await transactionWaits(NO_LOCK)).toBe(false);
  });

  it('a replaced worker action is disposed only once its running execution has settled, even without a lock', async () => {
    const pool = testPool();
    const registry = quietRegistry();
    const disposedAt: number[] = [];
    const spin = pool.action({ module: ACTIONS, export: 'spin' });
    registry.registerLocal('spin', spin, {
      dispose: async () => {
        disposedAt.push(performance.now());
        await spin.dispose();
      },
    });
    const running = new ActionHandler(registry).execute('spin', { ms: 300 });
    await sleep(50);
    registry.registerLocal('spin', pool.action({ module: ACTIONS, export: 'double' }));
    await sleep(50);
    expect(disposedAt).toEqual([]);
    await running;
    const settledAt = performance.now();
    await sleep(10);
    expect(disposedAt).toHaveLength(1);
    expect(disposedAt[0]).toBeLessThanOrEqual(settledAt);
    // The pool still serves the new action: another one of it is registered.
    expect(pool.threads).toBeGreaterThan(0);
  });

  it('works from the global decorator and from tx.register', async () => {
    const pool = testPool();
    const stash = ActionRegistry.stashGlobal();
    try {
      ActionRegistry.register('double')(pool.action({ module: ACTIONS, export: 'double' }));
      const registry = new ActionRegistry();
      await registry.transaction((tx) => {
        tx.register('triple', pool.action({ module: ACTIONS, export: 'spin' }));
      });
      const handler = new ActionHandler(registry);
      expect(await handler.execute('double', { n: 5 })).toEqual({ doubled: 10 });
      expect(await handler.execute('triple', { ms: 1, tag: 't' })).toEqual({ spun: 1, tag: 't' });
    } finally {
      stash.restore();
    }
  });
});

describe('hot reload', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  function writeVersion(file: string, version: number): void {
    writeFileSync(
      file,
      `export function version({ ms, started }) {
        if (started) Atomics.store(new Int32Array(started), 0, 1);
        const end = Date.now() + ms;
        while (Date.now() < end);
        return { version: ${String(version)} };
      }\n`,
    );
  }

  it('a transaction that registers a new module version: running executions finish on the old, new ones load the new', async () => {
    dir = mkdtempSync(join(tmpdir(), 'soni-workers-'));
    const file = join(dir, 'plugin.mjs');
    writeVersion(file, 1);
    const pool = testPool({ maxThreads: 2 });
    const registry = quietRegistry({ lock: new ReadWriteLock() });
    const v1 = pool.action({ module: new URL(`${pathToFileURL(file).href}?v=1`), export: 'version' });
    const disposed: string[] = [];
    registry.registerLocal('version', v1, {
      dispose: async () => {
        disposed.push('v1');
        await v1.dispose();
      },
    });
    const handler = new ActionHandler(registry);
    const started = new SharedArrayBuffer(4);
    const old = handler.execute('version', { ms: 300, started });
    // Rewritten only once the old version runs (a thread that starts imports the file as it is then).
    for (let i = 0; i < 200 && Atomics.load(new Int32Array(started), 0) === 0; i++) await sleep(5);
    writeVersion(file, 2);
    await registry.transaction((tx) => {
      const v2 = pool.action({ module: new URL(`${pathToFileURL(file).href}?v=2`), export: 'version' });
      tx.register('version', v2, { dispose: v2.dispose });
    });
    expect(await old).toEqual({ version: 1 });
    expect(await handler.execute('version', { ms: 0 })).toEqual({ version: 2 });
    await sleep(10);
    expect(disposed).toEqual(['v1']);
    // The retired version's dispose does not end the pool: the new version still uses it.
    expect(pool.threads).toBeGreaterThan(0);
    expect(await handler.execute('version', { ms: 0 })).toEqual({ version: 2 });
  });

  it('the same URL again keeps the version a thread already loaded (why a new version needs a new URL)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'soni-workers-'));
    const file = join(dir, 'plugin.mjs');
    writeVersion(file, 1);
    const pool = testPool({ maxThreads: 1 });
    const context = { action: 'version', signal: new AbortController().signal };
    expect(await pool.action({ module: pathToFileURL(file), export: 'version' })({ ms: 0 }, context)).toEqual({ version: 1 });
    writeVersion(file, 2);
    expect(await pool.action({ module: pathToFileURL(file), export: 'version' })({ ms: 0 }, context)).toEqual({ version: 1 });
    expect(await pool.action({ module: `${pathToFileURL(file).href}?v=2`, export: 'version' })({ ms: 0 }, context)).toEqual({ version: 2 });
  });
});
