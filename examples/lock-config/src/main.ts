import { memoryLogger } from '@soni/logging';
import { GUARANTEES, SUMMARY } from './guarantees';
import { chooseLocks, isConfigurationError, type LockChoice } from './lock-choice';
import { runWorkload, DEFAULT_WORKLOAD, type Measurement } from './workload';

let choices: LockChoice[];
try {
  choices = chooseLocks(process.argv.slice(2), process.env);
} catch (error) {
  if (!isConfigurationError(error)) throw error;
  console.error(`lock-config: ${error.message}`);
  process.exit(2);
}

const { clients, minExecutionsPerClient, reloads, sections } = DEFAULT_WORKLOAD;
console.log(
  `Workload: ${clients} clients execute 'quote' (reads ${sections} catalogue sections, one await each), at least ` +
    `${minExecutionsPerClient} times each, while ${reloads} reloads rewrite the sections one by one and swap 'quote' in a transaction.`,
);

const rows: { kind: string; m: Measurement; ok: boolean }[] = [];
for (const choice of choices) {
  // Warnings and errors the registry logs (a failing dispose, say) are failures here.
  const logger = memoryLogger({ level: 'warn' });
  const m = await runWorkload(choice.create(), logger);
  const checks = GUARANTEES[choice.kind].map((g) => ({ text: g.text, ok: g.holds(m) }));
  checks.push({ text: 'nothing logged at warn or error', ok: logger.records.length === 0 });

  console.log(`\n▸ ${choice.kind}  (from ${choice.source})`);
  console.log(`  ${SUMMARY[choice.kind]}`);
  console.log(`  measured: ${m.executions} executions and ${m.reloads} reloads in ${ms(m.elapsedMs)}`);
  console.log(`    executions at once (max)        ${m.maxConcurrent}`);
  console.log(
    `    transaction waited for the lock ${waits(m)}` +
      ` (when requested: ${average(m.inFlightAtRequest).toFixed(1)} executions running, ${average(m.queuedAtRequest).toFixed(1)} calls queued, on average)`,
  );
  console.log(`    executions during a reload      ${m.overlappedReload}`);
  console.log(`    half-applied reads seen         ${m.tornReads}${choice.kind === 'none' && m.tornReads > 0 ? '   ← what coordination prevents' : ''}`);
  console.log(`    used after dispose              ${m.usedAfterDispose}`);
  console.log('  guarantees:');
  for (const check of checks) console.log(`    ${check.ok ? '✓' : '✗ VIOLATED:'} ${check.text}`);
  for (const failure of m.failedExecutions.slice(0, 3)) console.log(`    failed execution: ${failure}`);
  for (const line of logger.lines.slice(0, 3)) console.log(`    logged: ${line}`);
  rows.push({ kind: choice.kind, m, ok: checks.every((check) => check.ok) });
}

if (rows.length > 1) {
  console.log('\nstrategy  executions  time      max at once  tx wait avg / max     half-applied reads  guarantees');
  for (const { kind, m, ok } of rows) {
    console.log(
      `${kind.padEnd(10)}${String(m.executions).padEnd(12)}${ms(m.elapsedMs).padEnd(10)}${String(m.maxConcurrent).padEnd(13)}` +
        `${waits(m).padEnd(22)}${String(m.tornReads).padEnd(20)}${ok ? 'held' : 'VIOLATED'}`,
    );
  }
}

const violated = rows.filter((row) => !row.ok).map((row) => row.kind);
if (violated.length > 0) {
  console.error(`\nA guaranteed invariant was violated under: ${violated.join(', ')}`);
  process.exit(1);
}

function ms(value: number): string {
  return `${value.toFixed(value < 10 ? 1 : 0)} ms`;
}

function average(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}

function waits(m: Measurement): string {
  return `${ms(average(m.transactionWaitsMs))} / ${ms(Math.max(0, ...m.transactionWaitsMs))}`;
}
