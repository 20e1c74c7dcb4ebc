/** A goal from an issue: the median ratio must be at most `max`. */
export interface Goal {
  max: number;
  /** Where the goal is stated, for example `'#2 core'`. */
  source: string;
}

/** The outcome of a comparison against its goal; `undefined` when it has none. */
export type GoalOutcome = 'pass' | 'fail' | undefined;

/** Whether a median ratio meets `goal` (lower is better; the bound is inclusive). */
export function checkGoal(medianRatio: number, goal: Goal | undefined): GoalOutcome {
  if (goal === undefined) return undefined;
  return medianRatio <= goal.max ? 'pass' : 'fail';
}

/** How far a failing median is from its goal, as a factor (`1.3` = 30 % over). */
export function missFactor(medianRatio: number, goal: Goal): number {
  return medianRatio / goal.max;
}
