import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { consoleLogger } from '@soni/logging';
import { workerPoolFromEnv } from '@soni/workers';
import { describeCpuPhase, runCpuPhase, type CpuPhaseReport } from './cpu-phase';
import { runHostilePhase, type LoggedLine } from './hostile-phase';
import { JsonClient } from './http-client';
import { chooseLock } from './lock-choice';
import { runLoad } from './load';
import { runProbes } from './probes';
import { createActionService } from './service';

// The whole example: start the service on an ephemeral loopback port, check the error
// mapping, put it under load while it reloads, attack it as hostile clients would, stop it,
// and judge what the clients saw.
const serverLog: LoggedLine[] = [];
const serverProblems: string[] = [];
const abandoned: string[] = [];
const logger = consoleLogger({
  // Debug lines are kept (the hostile phase checks that a client leaving mid-body is one),
  // warnings and errors are printed, and any of them fails the run.
  level: 'debug',
  write: (line, level) => {
    serverLog.push({ level, line });
    if (level !== 'warn' && level !== 'error') return;
    // The TIMEOUT probe abandons a running action on purpose: the registry says so at warn
    // (the action keeps its lock until it settles). Expected once; anything else fails the run.
    if (level === 'warn' && line.includes('was abandoned by its caller')) {
      abandoned.push(line);
      return;
    }
    serverProblems.push(line);
    console.error(`  server: ${line}`);
  },
});
const lock = chooseLock();
// A fresh secret per run; a deployment sets SONI_ADMIN_TOKEN (see serve.ts).
const adminToken = randomBytes(32).toString('base64url');
// Short timeouts so that the hostile phase's drips are dropped within about a second (the
// defaults, in service-limits.ts, are 10 s); everything else keeps its default.
const limits = { headersTimeoutMs: 1_000, bodyTimeoutMs: 1_000, requestTimeoutMs: 2_000, connectionsCheckingIntervalMs: 100 };
// The CPU-heavy action runs in worker threads (SONI_WORKERS=piscina?maxThreads=2 to set the pool).
const workers = workerPoolFromEnv();
const service = createActionService({ lock, logger, timeoutMs: 2_000, adminToken, limits, workers });
await service.reload();
service.server.listen(0, '127.0.0.1');
await once(service.server, 'listening');
const { port } = service.server.address() as AddressInfo;
const baseUrl = `http://127.0.0.1:${port}`;
console.log(`Serving on ${baseUrl} (lock: ${lock.kind}); actions: ${service.registry.list().join(', ')}`);

console.log('\nError mapping (ActionError code → HTTP status):');
// One socket per load client, plus one for the reloads.
const concurrency = 16;
const client = new JsonClient(baseUrl, concurrency + 1);
const probeFailures = await runProbes(client);

const reloads = 20;
console.log(`\nLoad: ${concurrency} concurrent clients (quote, greet) on loopback while /admin/reload swaps the module ${reloads} times:`);
const report = await runLoad({ client, concurrency, minRequests: 3_000, reloads, reloadEveryMs: 60, deadlineMs: 8_000, adminToken });

console.log('\nA CPU-heavy route beside light ones: 4 × POST /actions/checksum (about 100 ms of computation each) while 8 clients call greet every 10 ms:');
const cpuInline = await cpuPhaseWithoutWorkers();
console.log(describeCpuPhase('inline (no workers):', cpuInline));
const cpuWorkers = await runCpuPhase(client);
console.log(describeCpuPhase(`in ${String(workers.options.maxThreads)} worker threads:`, cpuWorkers));
console.log(`  event-loop p99 with workers: ${(cpuWorkers.loopP99Ms / cpuInline.loopP99Ms).toFixed(3)}× the inline figure`);

const shortened = Object.entries(limits).map(([key, value]) => `${key} ${value}`);
console.log(`\nHostile clients on loopback (limits shortened for the demo: ${shortened.join(', ')}; the others at their defaults):`);
const hostileStarted = performance.now();
const hostileFailures = await runHostilePhase({ port, limits: service.limits, adminToken, serverLog: () => serverLog });
console.log(`  hostile phase: ${((performance.now() - hostileStarted) / 1000).toFixed(1)} s`);

client.close();
service.server.close();
service.server.closeAllConnections();
await once(service.server, 'close');
// dispose runs after the commit's synchronous step: let the last ones land.
await new Promise((resolve) => setImmediate(resolve));
await workers.close();

const seconds = report.elapsedMs / 1000;
const waits = report.reloads.map((reload) => reload.waitedMs);
const replaced = service.committed.slice(0, -1);
const unclosed = replaced.filter((version) => !service.closed.includes(version));
const versions = [...report.versions.keys()].sort((a, b) => a - b);
console.log(`\nServed ${report.served} requests in ${seconds.toFixed(1)} s (${Math.round(report.served / seconds)}/s): ${JSON.stringify(report.byAction)}`);
console.log(
  `Reloads: ${report.reloads.length} committed (v${report.initialVersion + 1}..v${report.initialVersion + report.reloads.length}), ` +
    `transaction waited avg ${avg(waits).toFixed(1)} ms, max ${Math.max(0, ...waits).toFixed(1)} ms`,
);
const counts = versions.map((v) => report.versions.get(v) ?? 0);
console.log(
  `Versions that answered: ${versions.length} (v${versions[0] ?? '-'}..v${versions.at(-1) ?? '-'}, ${Math.min(...counts)} to ${Math.max(...counts)} responses each)`,
);
console.log(
  report.inconsistencies.length === 0
    ? `Consistency: every version that answered was committed; all ${report.linesChecked} quote lines were priced from their quote's version; ` +
        'no request sent after a reload was acknowledged was served by an older version'
    : `Consistency: ${report.inconsistencies.length} inconsistent responses, first: ${report.inconsistencies[0] ?? ''}`,
);
console.log(`Replaced modules closed after their last execution: ${replaced.length - unclosed.length} of ${replaced.length}`);
console.log(`Errors: ${report.errors.length}; inconsistent responses: ${report.inconsistencies.length}; server warnings: ${serverProblems.length}`);
console.log(`Executions abandoned by their caller while running (the TIMEOUT probe; each kept its lock until it settled): ${abandoned.length}`);

const failures = [
  ...probeFailures,
  ...hostileFailures,
  ...report.errors,
  ...report.inconsistencies,
  ...cpuInline.errors,
  ...cpuWorkers.errors,
  ...(cpuWorkers.loopP99Ms < cpuInline.loopP99Ms ? [] : [`the event loop was not freer with workers (p99 ${cpuWorkers.loopP99Ms.toFixed(1)} ms vs ${cpuInline.loopP99Ms.toFixed(1)} ms inline)`]),
  ...serverProblems,
  ...(abandoned.length === 1 ? [] : [`expected the TIMEOUT probe to abandon exactly 1 running execution, saw ${abandoned.length}`]),
  ...unclosed.map((version) => `module v${version} was replaced but its connection never closed`),
];
if (failures.length > 0) {
  console.error(`\nFAILED (${failures.length}):`);
  for (const failure of failures.slice(0, 10)) console.error(`  ${failure}`);
  process.exit(1);
}

/** The same CPU phase against a second service whose checksum runs inline, on the event loop. */
async function cpuPhaseWithoutWorkers(): Promise<CpuPhaseReport> {
  const inline = createActionService({ lock: chooseLock(), logger, timeoutMs: 2_000, adminToken, limits });
  await inline.reload();
  inline.server.listen(0, '127.0.0.1');
  await once(inline.server, 'listening');
  const inlineClient = new JsonClient(`http://127.0.0.1:${String((inline.server.address() as AddressInfo).port)}`, 16);
  try {
    return await runCpuPhase(inlineClient);
  } finally {
    inlineClient.close();
    inline.server.close();
    inline.server.closeAllConnections();
    await once(inline.server, 'close');
  }
}

function avg(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}
