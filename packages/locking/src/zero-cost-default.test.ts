/**
 * Zero-cost defaults (issue #12): in a production process, using a lock with the default
 * options must not turn on async hooks, whose promise hooks slow every `await` of the whole
 * process (measured about 3× for an unrelated handler). Each case runs in a fresh process of
 * plain Node on the built package, with the test runner's environment removed (under a test
 * runner detection is on by default, on purpose). The same probe with detection on shows that
 * the check can fail.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const probe = fileURLToPath(new URL('./async-hooks-probe.fixture.mjs', import.meta.url));
const nodeTestFile = fileURLToPath(new URL('./node-test-detection.fixture.mjs', import.meta.url));

/** The environment of this process without the markers of a test runner. */
function withoutRunner(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const runnerKey = (key: string): boolean => key.startsWith('VITEST') || ['NODE_TEST_CONTEXT', 'JEST_WORKER_ID', 'NODE_OPTIONS'].includes(key);
  return Object.fromEntries(Object.entries({ ...process.env, ...env }).filter(([key]) => !runnerKey(key)));
}

function runProbe(mode: string, env: Record<string, string | undefined>): { before: boolean; after: boolean; detection: { enabled: boolean; source: string } } {
  const result = spawnSync(process.execPath, ['--expose-internals', probe, mode], { encoding: 'utf8', env: withoutRunner(env), timeout: 30_000 });
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout.trim()) as ReturnType<typeof runProbe>;
}

describe('zero-cost defaults', () => {
  it.each(['rwlock', 'mutex', 'none'])('with NODE_ENV=production, a default %s lock enables no async hook', (kind) => {
    const outcome = runProbe(kind, { NODE_ENV: 'production' });
    expect(outcome).toEqual({ before: false, after: false, detection: { enabled: false, source: kind === 'none' ? 'option' : 'production' } });
  });

  it('with NODE_ENV unset (a plain `node app.js`), the same', () => {
    expect(runProbe('rwlock', { NODE_ENV: undefined }).after).toBe(false);
  });

  it('the probe sees the hooks when detection is on (so the check can fail)', () => {
    expect(runProbe('detect', { NODE_ENV: 'production' })).toMatchObject({ before: false, after: true, detection: { enabled: true, source: 'option' } });
  });

  it('under NODE_ENV=test detection is on by default and the hooks with it', () => {
    expect(runProbe('rwlock', { NODE_ENV: 'test' })).toMatchObject({ after: true, detection: { enabled: true, source: 'node-env' } });
  });

  it('under node:test, detection is on by default: a self-deadlock fails fast in tests', () => {
    const result = spawnSync(process.execPath, ['--test', nodeTestFile], { encoding: 'utf8', env: withoutRunner({ NODE_ENV: undefined }), timeout: 30_000 });
    expect(result.stdout).toMatch(/# pass 1/);
    expect(result.status).toBe(0);
  });

  it('under vitest itself, detection is on by default: a self-deadlock fails fast in tests', async () => {
    const { createLock } = await import('./index');
    const lock = createLock('mutex');
    expect(lock.query().detection).toEqual({ enabled: true, source: 'test-runner' });
    await expect(lock.runExclusive(() => lock.runExclusive(() => 1))).rejects.toMatchObject({ code: 'LOCK_REENTRANCY' });
  });
});
