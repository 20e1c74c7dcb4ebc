import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Comparison, Scenario, Subject } from '../scenario';

const run = promisify(execFile);
const PROBE = fileURLToPath(new URL('../probes/process-probe.ts', import.meta.url));
const OPS = 200_000;

/**
 * Runs one subject in a fresh Node process with `NODE_ENV=production` (what a deployed
 * service has) and returns the milliseconds for `OPS` operations, timed inside the child (its
 * start-up is not part of the figure).
 */
async function probe(subject: string, ops: number): Promise<number> {
  const { stdout } = await run(process.execPath, [...process.execArgv, PROBE, subject, String(ops)], {
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const lines = stdout.trim().split('\n');
  const parsed = JSON.parse(lines[lines.length - 1] ?? '') as { nsPerOp?: unknown };
  if (typeof parsed.nsPerOp !== 'number') throw new Error(`process probe ${subject} printed ${stdout}`);
  return (parsed.nsPerOp * ops) / 1e6;
}

function subject(id: string, label: string, ops = OPS): Subject {
  return {
    id,
    label,
    ops,
    async: true,
    run: async () => ({ overriddenDuration: await probe(id, ops) }),
  };
}

function processScenario(id: string, title: string, subjects: Subject[], comparisons: Comparison[]): Scenario {
  // One child per subject per round; the runner rotates their order from round to round.
  return { id, title, iterations: 1, timeMs: 0, warmup: false, subjects, comparisons };
}

/**
 * What a lock costs where it matters: each subject in a process of its own, against a clean
 * process for the baseline. In-process ratios cannot show a cost that spreads to the whole
 * process (a lock that tracks holders turns on promise hooks for every `await` after it).
 */
export function processUncontendedScenario(): Scenario {
  return processScenario(
    'process-uncontended',
    'fresh processes, NODE_ENV=production: uncontended locks and the process-wide tax',
    [
      subject('raw-await', 'await fn(), a process with no lock'),
      subject('mutex-run-exclusive', "createLock('mutex').runExclusive(fn)"),
      subject('rwlock-run-shared', "createLock('rwlock').runShared(fn)"),
      subject('handler-clean', 'a handler doing 10 awaits, a process with no lock'),
      subject('handler-after-rwlock', "the same handler, after createLock('rwlock') was used"),
      subject('handler-after-detecting-rwlock', 'the same handler, after a rwlock with detectReentrancy: true was used'),
    ],
    [
      { id: 'process-mutex-vs-raw', label: 'mutex runExclusive vs raw await (own processes)', ours: 'mutex-run-exclusive', baseline: 'raw-await', goal: { max: 2, source: '#12 zero-cost' } },
      { id: 'process-rwlock-vs-raw', label: 'rwlock runShared vs raw await (own processes)', ours: 'rwlock-run-shared', baseline: 'raw-await', goal: { max: 2, source: '#12 zero-cost' } },
      { id: 'process-tax', label: 'unrelated handler after a default rwlock vs a process without', ours: 'handler-after-rwlock', baseline: 'handler-clean', goal: { max: 1.1, source: '#12 zero-cost' } },
      { id: 'process-tax-detecting', label: 'unrelated handler after a rwlock with detection on vs without (what detection costs)', ours: 'handler-after-detecting-rwlock', baseline: 'handler-clean' },
    ],
  );
}

/** Contention and executions, each in a fresh process. */
export function processContendedScenario(): Scenario {
  const contendedOps = 5_000;
  return processScenario(
    'process-contended',
    'fresh processes, NODE_ENV=production: contention (100 tasks × 50) and ActionHandler.execute',
    [
      subject('contended-mutex', "createLock('mutex'), 100 tasks × 50", contendedOps),
      subject('contended-mutex-untracked', 'MutexLock, detectReentrancy: false, 100 tasks × 50', contendedOps),
      subject('contended-async-lock', 'async-lock, 100 tasks × 50', contendedOps),
      subject('contended-promise-chain', 'bare promise chain (tail = tail.then(fn)), 100 tasks × 50', contendedOps),
      subject('execute-rwlock', 'ActionHandler.execute under rwlock'),
      subject('execute-rwlock-after-tracing', 'the same, after a tracing subscriber saw 10,000 executions and left'),
      subject('direct-call', 'await action() directly'),
    ],
    [
      { id: 'process-contended-vs-async-lock', label: 'contended mutex vs async-lock (own processes)', ours: 'contended-mutex', baseline: 'contended-async-lock', goal: { max: 1, source: '#12 zero-cost' } },
      { id: 'process-contended-vs-chain', label: 'contended mutex, no tracking, vs a bare promise chain', ours: 'contended-mutex-untracked', baseline: 'contended-promise-chain', goal: { max: 2, source: '#12 zero-cost' } },
      { id: 'process-async-lock-vs-chain', label: 'async-lock vs a bare promise chain (for scale)', ours: 'contended-async-lock', baseline: 'contended-promise-chain' },
      { id: 'process-execute-vs-direct', label: 'execute under rwlock vs a direct call (own processes)', ours: 'execute-rwlock', baseline: 'direct-call', goal: { max: 3, source: '#12 zero-cost' } },
      // Nobody subscribed must cost nothing also once an APM has subscribed and gone (Node
      // swaps a channel's prototype on its first and last subscriber): the bound of process-tax.
      {
        id: 'process-execute-after-tracing',
        label: 'execute after a tracing subscriber came and went vs never subscribed (own processes)',
        ours: 'execute-rwlock-after-tracing',
        baseline: 'execute-rwlock',
        goal: { max: 1.1, source: '#15 zero-cost' },
      },
    ],
  );
}
