import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { isClean, type FaultStressReport } from './report';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('./main.ts', import.meta.url));

/** The fault stress as `pnpm bench` runs it: its report, heap figures and duration. */
export interface FaultStressStep extends FaultStressReport {
  readonly requested: number;
  readonly heap: { readonly beforeMb: number; readonly afterMb: number; readonly measured: boolean };
  readonly seconds: number;
  readonly clean: boolean;
}

/** Runs the stress in a fresh process with `--expose-gc` (so its heap and rejections are its own). */
export async function runFaultStressStep(executions: number): Promise<FaultStressStep> {
  let stdout: string;
  try {
    ({ stdout } = await run(process.execPath, ['--expose-gc', ...process.execArgv, SCRIPT, '--json', '--executions', String(executions)], {
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    }));
  } catch (error) {
    // A run with broken guarantees exits 1 but still prints its report.
    stdout = (error as { stdout?: string }).stdout ?? '';
  }
  const line = stdout.trim().split('\n').at(-1) ?? '';
  const report = JSON.parse(line) as Omit<FaultStressStep, 'requested' | 'clean'>;
  return { ...report, requested: executions, clean: isClean(report) };
}

/** The markdown section of RESULTS.md. */
export function renderFaultStress(step: FaultStressStep): string {
  const rows = Object.entries(step.broken).map(([what, count]) => `| ${what} | ${count} | ${count === 0 ? '✅' : '❌'} |`);
  return [
    '## Fault stress',
    '',
    `${step.requested.toLocaleString('en-US')} executions (90 % under a read-write lock, 10 % under a mutex) by 32 concurrent callers in ${step.seconds.toFixed(1)} s; ${step.transactions} transactions replacing every action; ${step.executions.abandoned.toLocaleString('en-US')} executions abandoned by their callers (timeout or abort) while their action kept running; ${step.logger.thrown} of ${step.logger.calls} logger calls threw. Heap: ${step.heap.beforeMb} MB before, ${step.heap.afterMb} MB after (after GC).`,
    '',
    '| broken guarantee | count | |',
    '|---|--:|---|',
    ...rows,
  ].join('\n');
}
