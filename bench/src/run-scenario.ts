import { Bench, type Task } from 'tinybench';
import { checkGoal } from './goals';
import type { ComparisonResult, ScenarioResult, SubjectResult } from './report';
import type { Scenario, Subject } from './scenario';
import { roundRatios, spread } from './stats';

export interface RunOptions {
  rounds: number;
  /** Time budget of one subject in one round, in milliseconds. */
  timeMs: number;
  /** Warm-up budget of one subject, once before the first round, in milliseconds. */
  warmupMs: number;
  progress: (line: string) => void;
}

function taskOptions(subject: Subject): Parameters<Bench['add']>[2] {
  return {
    async: subject.async,
    ...(subject.beforeEach === undefined ? {} : { beforeEach: subject.beforeEach }),
    ...(subject.beforeAll === undefined ? {} : { beforeAll: subject.beforeAll }),
    ...(subject.afterAll === undefined ? {} : { afterAll: subject.afterAll }),
  };
}

/** Nanoseconds per operation of a finished task: its median iteration over `ops`. */
function nsPerOp(task: Task, subject: Subject): number {
  const result = task.result;
  if (result.state === 'errored') throw new Error(`${subject.id} failed: ${result.error.message}`, { cause: result.error });
  if (result.state !== 'completed') throw new Error(`${subject.id} did not complete (${result.state})`);
  return (result.latency.p50 * 1e6) / subject.ops;
}

/**
 * Runs every subject of `scenario` once per round, interleaved (round 1: A, B, C; round 2:
 * B, C, A; ...: the order rotates so no subject always runs first or after the same one), and
 * pairs each comparison's ratio by round.
 */
export async function runScenario(scenario: Scenario, options: RunOptions): Promise<ScenarioResult> {
  await scenario.setup?.();
  try {
    const bench = new Bench({
      name: scenario.id,
      time: scenario.timeMs ?? options.timeMs,
      iterations: scenario.iterations ?? 5,
      warmupTime: options.warmupMs,
      warmupIterations: 2,
      throws: true,
    });
    for (const subject of scenario.subjects) bench.add(subject.id, subject.run, taskOptions(subject));
    const task = (subject: Subject): Task => {
      const found = bench.getTask(subject.id);
      if (found === undefined) throw new Error(`no task ${subject.id}`);
      return found;
    };
    if (scenario.warmup !== false) {
      for (const subject of scenario.subjects) {
        const t = task(subject);
        await t.warmup();
        t.reset();
      }
    }
    const samples = new Map<string, number[]>(scenario.subjects.map((s) => [s.id, []]));
    const count = scenario.subjects.length;
    for (let round = 0; round < options.rounds; round++) {
      for (let k = 0; k < count; k++) {
        const subject = scenario.subjects[(k + round) % count];
        if (subject === undefined) throw new Error('unreachable: subject index out of range');
        const t = task(subject);
        t.reset();
        await t.run();
        samples.get(subject.id)?.push(nsPerOp(t, subject));
      }
      options.progress(`  ${scenario.id}: round ${round + 1}/${options.rounds}`);
    }
    return summarize(scenario, samples);
  } finally {
    await scenario.teardown?.();
  }
}

/** Turns per-round samples into subject spreads and paired comparison ratios. */
export function summarize(scenario: Scenario, samples: ReadonlyMap<string, readonly number[]>): ScenarioResult {
  const subjects: SubjectResult[] = scenario.subjects.map((subject) => {
    const rounds = [...(samples.get(subject.id) ?? [])];
    return { id: subject.id, label: subject.label, nsPerOp: spread(rounds), rounds };
  });
  const byId = new Map(subjects.map((s) => [s.id, s]));
  const comparisons: ComparisonResult[] = scenario.comparisons.map((comparison) => {
    const ours = byId.get(comparison.ours);
    if (ours === undefined) throw new Error(`${scenario.id}/${comparison.id}: no subject ${comparison.ours}`);
    let baseline: ComparisonResult['baseline'];
    let rounds: number[];
    if (typeof comparison.baseline === 'string') {
      const base = byId.get(comparison.baseline);
      if (base === undefined) throw new Error(`${scenario.id}/${comparison.id}: no subject ${comparison.baseline}`);
      baseline = { label: base.label, nsPerOp: base.nsPerOp.median, reference: false };
      rounds = roundRatios(ours.rounds, base.rounds);
    } else {
      const reference = comparison.baseline;
      baseline = { label: reference.label, nsPerOp: reference.nsPerOp, reference: true };
      rounds = roundRatios(
        ours.rounds,
        ours.rounds.map(() => reference.nsPerOp),
      );
    }
    const ratio = spread(rounds);
    return {
      id: comparison.id,
      scenario: scenario.id,
      label: comparison.label,
      ours: { label: ours.label, nsPerOp: ours.nsPerOp.median },
      baseline,
      ratio,
      rounds,
      goal: comparison.goal,
      outcome: checkGoal(ratio.median, comparison.goal),
    };
  });
  return { id: scenario.id, title: scenario.title, subjects, comparisons };
}
