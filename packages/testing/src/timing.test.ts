import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { sleep, withDeadline, yieldToEventLoop } from './timing';

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

describe('withDeadline timer', () => {
  it('clears its timer once the promise settles, so nothing is left to keep the process alive', async () => {
    vi.useFakeTimers();
    try {
      await expect(withDeadline(Promise.resolve('done'), 60_000, 'stuck')).resolves.toBe('done');
      await expect(withDeadline(Promise.reject(new Error('own')), 60_000, 'stuck')).rejects.toThrow('own');
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('yieldToEventLoop', () => {
  it('lets a macrotask queued before it run first (a microtask would not)', async () => {
    let ran = false;
    setImmediate(() => {
      ran = true;
    });
    await yieldToEventLoop();
    expect(ran).toBe(true);
  });
});

describe('sleep', () => {
  it('waits the given time, and stops early with an AbortError when its signal aborts', async () => {
    const started = performance.now();
    await sleep(30);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
    const controller = new AbortController();
    const sleeping = sleep(60_000, controller.signal);
    controller.abort();
    await expect(sleeping).rejects.toMatchObject({ name: 'AbortError' });
  });
});
