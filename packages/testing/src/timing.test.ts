import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { withDeadline } from './timing';

describe('withDeadline', () => {
  it('settles like the promise when it settles in time', async () => {
    await expect(withDeadline(Promise.resolve(7), 1_000, 'stuck')).resolves.toBe(7);
    await expect(withDeadline(Promise.reject(new Error('own')), 1_000, 'stuck')).rejects.toThrow('own');
  });

  it('rejects with the message when the promise never settles', async () => {
    await expect(withDeadline(new Promise(() => undefined), 20, 'lock never granted')).rejects.toThrow(
      'lock never granted (no progress after 20 ms)',
    );
  });

  it('reports a deadlock even when nothing else keeps the process alive (as under node:test)', () => {
    // In a bare process, a pending promise alone lets Node exit; the deadline must still fire.
    const timing = fileURLToPath(new URL('./timing.ts', import.meta.url));
    const script = `
      const { withDeadline } = await import(${JSON.stringify(timing)});
      try { await withDeadline(new Promise(() => {}), 50, 'deadlocked'); console.log('settled'); }
      catch (error) { console.log('caught: ' + error.message); }
    `;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect(child.stdout.trim()).toBe('caught: deadlocked (no progress after 50 ms)');
  });
});
