// `pnpm --filter @soni/bench run fault-stress -- [--executions N] [--broken early-release] [--json]`
// Runs the fault stress and prints its report and the heap before and after; exits 1 when a
// guarantee broke. Run with --expose-gc for the heap figures (the script re-launches itself).
import { parseArgs } from 'node:util';
import type { LockStrategy } from '@soni/core';
import { runFaultStress } from './fault-stress';
import { releasesAtCallerDeadline } from './broken-locks';
import { isClean } from './report';

const { values } = parseArgs({
  options: {
    executions: { type: 'string', default: '1000000' },
    broken: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
  strict: true,
});
const executions = Number(values.executions);
if (!Number.isInteger(executions) || executions < 1) throw new Error(`--executions must be a positive integer, got ${values.executions}`);
const brokenVariants: Record<string, (lock: LockStrategy) => LockStrategy> = { 'early-release': releasesAtCallerDeadline };
const wrapLock = values.broken === undefined ? undefined : brokenVariants[values.broken];
if (values.broken !== undefined && wrapLock === undefined) throw new Error(`--broken must be one of ${Object.keys(brokenVariants).join(', ')}`);

const gc = (globalThis as { gc?: () => void }).gc;
const heapMb = (): number => {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed / 1_048_576;
};
const before = heapMb();
const started = performance.now();
const report = await runFaultStress(wrapLock === undefined ? { executions } : { executions, wrapLock });
const seconds = (performance.now() - started) / 1000;
await new Promise((resolve) => setTimeout(resolve, 50));
const after = heapMb();
const heap = { beforeMb: Number(before.toFixed(1)), afterMb: Number(after.toFixed(1)), measured: gc !== undefined };
if (values.json) {
  console.log(JSON.stringify({ ...report, heap, seconds }));
} else {
  console.log(`fault stress: ${executions} executions (${report.executions.abandoned} abandoned by their callers) in ${seconds.toFixed(1)} s, ${report.transactions} transactions, ${report.logger.thrown} of ${report.logger.calls} logger calls threw`);
  for (const [what, count] of Object.entries(report.broken)) console.log(`  ${count === 0 ? 'ok  ' : 'FAIL'} ${what}: ${count}`);
  for (const message of report.firstUnexpected) console.log(`       ${message}`);
  console.log(`  heap: ${heap.beforeMb} MB before, ${heap.afterMb} MB after${heap.measured ? '' : ' (run with --expose-gc for exact figures)'}`);
}
process.exitCode = isClean(report) ? 0 : 1;
