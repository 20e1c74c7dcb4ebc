/**
 * `pnpm start`: three replicas of a small service (child processes) post to one shared
 * single-connection ledger under the Redis mutex for a few seconds; one is killed with
 * SIGKILL while it holds the lock. The report: overlaps at the ledger (must be 0), lost
 * updates (must be 0), and how long the others waited after the kill (about one lease).
 */
import { fileURLToPath } from 'node:url';
import { assertProcessesFulfilled, runInProcesses } from '@soni/testing';
import { Redis } from 'ioredis';
import { ledgerState } from './ledger';
import type { ReplicaData, ReplicaReport } from './replica';
import { findRedis } from './redis-server';

const LEASE_MS = 1000;
const REPLICAS = 3;

const redis = await findRedis();
if (typeof redis === 'string') {
  console.log(`SKIPPED examples/fleet: it needs a Redis server (${redis}). Set REDIS_URL, or install redis-server.`);
  process.exit(0);
}

const run = `fleet:${String(process.pid)}:${String(Date.now())}`;
const data: ReplicaData = {
  lockUrl: `redis://127.0.0.1:${String(redis.port)}/0?mode=mutex&key=${run}:lock&leaseMs=${String(LEASE_MS)}`,
  redisPort: redis.port,
  ledger: `${run}:ledger`,
  durationMs: 4000,
  concurrency: 4,
};
console.log(`${String(REPLICAS)} replicas x ${String(data.concurrency)} concurrent requests for ${String(data.durationMs / 1000)} s, one Redis mutex (lease ${String(LEASE_MS)} ms) on 127.0.0.1:${String(redis.port)}`);

let killedAt = 0;
const report = await runInProcesses<ReplicaReport, ReplicaData>({
  module: new URL('./replica.ts', import.meta.url),
  count: REPLICAS,
  data,
  typescript: { tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) },
  whileRunning: async ([victim]) => {
    await victim?.nextMessage((message) => message === 'holding');
    killedAt = Date.now();
    victim?.kill('SIGKILL');
  },
});
const results = assertProcessesFulfilled(report);
const client = new Redis({ port: redis.port });
const ledger = await ledgerState(client, data.ledger);
await client.quit();
redis.stop();

const posts = results.reduce((sum, r) => sum + (r?.posts ?? 0), 0);
const firstGrantAfterKill = Math.min(...results.flatMap((r) => (r?.grants ?? []).filter((t) => t > killedAt)));
const waited = firstGrantAfterKill - killedAt;
const lost = ledger.commits - ledger.balance;

results.forEach((r, i) => {
  if (r === undefined) console.log(`replica ${String(i)}: killed with SIGKILL while holding the lock`);
  else console.log(`replica ${String(i)}: ${String(r.posts)} posts${Object.keys(r.failed).length > 0 ? `, failed: ${JSON.stringify(r.failed)}` : ''}`);
});
console.log(`ledger: balance ${String(ledger.balance)} after ${String(ledger.commits)} commits (${String(posts)} posts answered; the killed replica's are not)`);
console.log(`overlaps at the ledger: ${String(ledger.overlaps)}`);
console.log(`lost updates: ${String(lost)}`);
console.log(`stale writes refused by fencing: ${String(ledger.staleRefused)}`);
console.log(`the others waited ${String(waited)} ms after the kill (lease ${String(LEASE_MS)} ms: the dead holder's lease had to run out)`);

const problems = [
  ledger.overlaps !== 0 && 'overlaps',
  lost !== 0 && 'lost updates',
  report.killed.length !== 1 && 'the victim was not killed',
  !(waited <= LEASE_MS + 1000) && 'the wait after the kill exceeded the lease + 1 s',
].filter((p): p is string => typeof p === 'string');
if (problems.length > 0) {
  console.log(`FAILED: ${problems.join(', ')}`);
  process.exit(1);
}
console.log('ok: no overlap, no lost update, and the fleet recovered from the kill within the lease');
