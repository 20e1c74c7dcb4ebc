import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { JsonClient } from './http-client';

/** What the CPU phase measured. */
export interface CpuPhaseReport {
  /** p99 and worst of the event loop's delay while the heavy requests ran, in ms. */
  readonly loopP99Ms: number;
  readonly loopMaxMs: number;
  /** p99 latency of the light requests sent meanwhile, in ms, and how many were answered. */
  readonly lightP99Ms: number;
  readonly light: number;
  /** Until the last heavy request was answered, in ms. */
  readonly heavyMs: number;
  readonly errors: readonly string[];
}

/**
 * `heavy` CPU-bound `checksum` requests at once, while `lightClients` clients call `greet`
 * every 10 ms until they are answered. Server and clients share this process, so the event loop's
 * delay is what every request of the service waits on top of its own work.
 */
export async function runCpuPhase(client: JsonClient, { heavy = 4, rounds = 80_000_000, lightClients = 8 } = {}): Promise<CpuPhaseReport> {
  const errors: string[] = [];
  const latencies: number[] = [];
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  let done = false;
  histogram.enable();
  const started = performance.now();
  const heavyRuns = Array.from({ length: heavy }, async () => {
    const { status, body } = await client.post<{ result?: { checksum?: string } }>('/actions/checksum', { rounds });
    if (status !== 200 || typeof body.result?.checksum !== 'string') errors.push(`checksum answered ${String(status)}: ${JSON.stringify(body)}`);
  });
  const lightRuns = Array.from({ length: lightClients }, async (_, index) => {
    while (!done) {
      const sent = performance.now();
      const { status } = await client.post('/actions/greet', { name: `client ${String(index)}` });
      latencies.push(performance.now() - sent);
      if (status !== 200) errors.push(`greet answered ${String(status)}`);
      // Light traffic, one request every 10 ms a client: the cores stay for the checksums.
      await sleep(10);
    }
  });
  await Promise.all(heavyRuns);
  const heavyMs = performance.now() - started;
  done = true;
  await Promise.all(lightRuns);
  histogram.disable();
  latencies.sort((a, b) => a - b);
  const p99 = latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))] ?? 0;
  return { loopP99Ms: histogram.percentile(99) / 1e6, loopMaxMs: histogram.max / 1e6, lightP99Ms: p99, light: latencies.length, heavyMs, errors };
}

/** One line of the load report. */
export function describeCpuPhase(label: string, report: CpuPhaseReport): string {
  return (
    `  ${label.padEnd(24)} event-loop delay p99 ${report.loopP99Ms.toFixed(1)} ms (max ${report.loopMaxMs.toFixed(0)} ms); ` +
    `greet p99 ${report.lightP99Ms.toFixed(1)} ms over ${String(report.light)} requests; the 4 checksums took ${report.heavyMs.toFixed(0)} ms`
  );
}
