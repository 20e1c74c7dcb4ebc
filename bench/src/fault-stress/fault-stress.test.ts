import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { FaultStressReport } from './report';

const script = fileURLToPath(new URL('./main.ts', import.meta.url));

/** Runs the stress in a fresh process (so its heap and unhandled rejections are its own). */
function stress(args: string[]): { report: FaultStressReport & { heap: { beforeMb: number; afterMb: number } }; status: number | null } {
  const result = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', script, '--json', ...args], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  const line = result.stdout.trim().split('\n').at(-1) ?? '';
  return { report: JSON.parse(line) as FaultStressReport & { heap: { beforeMb: number; afterMb: number } }, status: result.status };
}

// CI runs it at 50,000 executions; `pnpm bench` runs it at 1,000,000.
describe('fault stress (reduced size)', () => {
  it('keeps every guarantee: no lost registration, no mixed version, no mutex overlap, dispose once after the last execution, no unhandled rejection', () => {
    const { report, status } = stress(['--executions', '50000']);
    expect(report.broken).toEqual({
      lostRegistrations: 0,
      mixedVersions: 0,
      mutexOverlaps: 0,
      disposeNotOnce: 0,
      disposedWhileRunning: 0,
      unhandledRejections: 0,
      unexpectedErrors: 0,
    });
    expect(status).toBe(0);
    // The faults really happened: callers gave up while actions ran on, loggers threw.
    expect(report.executions.abandoned).toBeGreaterThan(50_000 * 0.03);
    expect(report.logger.thrown).toBeGreaterThan(0);
    expect(report.transactions).toBeGreaterThan(10);
    // Nothing accumulates: the heap ends within a few MB of where it started.
    expect(report.heap.afterMb - report.heap.beforeMb).toBeLessThan(8);
  });

  it('catches a lock whose hold ends at the caller deadline (mixed versions and mutex overlaps)', () => {
    const { report, status } = stress(['--executions', '20000', '--broken', 'early-release']);
    expect(report.broken.mixedVersions).toBeGreaterThan(0);
    expect(report.broken.mutexOverlaps).toBeGreaterThan(0);
    expect(status).toBe(1);
  });
});
