import { lockFromEnv } from '@soni/locking';
import { runLoad } from './load';
import { runProbes } from './probes';
import { createService } from './service';

// The whole example: start the app on an ephemeral loopback port, probe each route and error,
// reload the actions under load, stop, and exit 0 only if every check passed.
// SONI_LOCK chooses the lock (`rwlock` when unset): `SONI_LOCK=mutex pnpm start`.
const lock = lockFromEnv({ SONI_LOCK: 'rwlock', ...process.env });
const service = await createService({ lock, logLevel: process.env.LOG_LEVEL ?? 'info' });
const baseUrl = await service.app.listen({ host: '127.0.0.1', port: 0 });
console.log(`Fastify on ${baseUrl} (lock: ${lock.kind}); the registry logs through app.log (the JSON lines with "component":"actions")`);

console.log('\nRoutes and errors:');
const checks = await runProbes(baseUrl, service);
for (const { name, ok, detail } of checks) console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${name}: ${detail}`);

const clients = 8;
const reloads = 10;
console.log(`\nLoad: ${clients} clients send quotes while the actions are reloaded ${reloads} times, one transaction each:`);
const report = await runLoad({ baseUrl, service, clients, reloads, reloadEveryMs: 40 });
await service.app.close();
// dispose runs after a commit's synchronous step: let the last ones land.
await new Promise((resolve) => setImmediate(resolve));

const versions = [...report.versions.keys()].sort((a, b) => a - b);
console.log(`  served ${report.served} quotes in ${(report.elapsedMs / 1000).toFixed(1)} s, answered by versions ${versions.join(', ')}`);
console.log(`  half-migrated reads: ${report.mixed}; answers older than a reload acknowledged before the request: ${report.stale}; errors: ${report.failed.length}`);
const replaced = service.reloads.committed.slice(0, -1);
const unclosed = replaced.filter((version) => !service.reloads.closed.includes(version));
console.log(`  replaced versions disposed after their last execution: ${replaced.length - unclosed.length} of ${replaced.length}`);

// Without a lock nothing keeps a quote from reading a catalog in the middle of a migration:
// mixed reads are what `SONI_LOCK=none` shows, not a failure of the example.
const coordinated = lock.kind !== 'none';
const problems = [
  ...checks.filter((c) => !c.ok).map((c) => c.name),
  ...report.failed.slice(0, 3),
  ...(report.served === 0 ? ['no quote was served'] : []),
  ...(report.reloads !== reloads ? [`${report.reloads} of ${reloads} reloads committed`] : []),
  ...(coordinated && report.mixed > 0 ? [`${report.mixed} half-migrated reads under ${lock.kind}`] : []),
  ...(coordinated && report.stale > 0 ? [`${report.stale} stale answers under ${lock.kind}`] : []),
  ...(unclosed.length > 0 ? [`versions never disposed: ${unclosed.join(', ')}`] : []),
];
if (!coordinated) console.log(`  (lock 'none': ${report.mixed} half-migrated reads is what no coordination looks like)`);
console.log(problems.length === 0 ? '\nAll checks passed.' : `\nFAILED: ${problems.join('; ')}`);
process.exitCode = problems.length === 0 ? 0 : 1;
