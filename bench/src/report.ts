import type { FaultStressStep } from './fault-stress/bench-step';
import type { Goal, GoalOutcome } from './goals';
import type { Spread } from './stats';

/** One measured subject: nanoseconds per operation in each round. */
export interface SubjectResult {
  id: string;
  label: string;
  nsPerOp: Spread;
  rounds: number[];
}

/** A ratio of one subject against its baseline, paired by round. */
export interface ComparisonResult {
  id: string;
  scenario: string;
  label: string;
  ours: { label: string; nsPerOp: number };
  baseline: { label: string; nsPerOp: number; reference: boolean };
  ratio: Spread;
  rounds: number[];
  goal: Goal | undefined;
  outcome: GoalOutcome;
}

export interface ScenarioResult {
  id: string;
  title: string;
  subjects: SubjectResult[];
  comparisons: ComparisonResult[];
}

/** What `results.json` holds. */
export interface BenchReport {
  meta: {
    date: string;
    node: string;
    platform: string;
    cpu: string;
    cores: number;
    rounds: number;
    mode: 'full' | 'quick';
    code: string;
  };
  scenarios: ScenarioResult[];
  /** The fault stress, when it ran. */
  faultStress?: FaultStressStep;
}

/** Every comparison of a report, in order. */
export function allComparisons(report: Pick<BenchReport, 'scenarios'>): ComparisonResult[] {
  return report.scenarios.flatMap((scenario) => scenario.comparisons);
}

/** The comparisons that miss their goal. */
export function failures(report: Pick<BenchReport, 'scenarios'>): ComparisonResult[] {
  return allComparisons(report).filter((comparison) => comparison.outcome === 'fail');
}
