import type { Goal } from './goals';

/** One thing timed in every round. */
export interface Subject {
  id: string;
  label: string;
  /**
   * How many operations one call of `run` performs. Calls batch many operations so that
   * tinybench's own cost per iteration (two clock reads and, for async tasks, an `await`) is
   * spread thin; results are reported per operation.
   */
  ops: number;
  /**
   * One iteration. Each subject writes out its own loop, even where they look alike: a shared
   * helper taking the operation as a callback would make its call site polymorphic, adding
   * the same cost to ours and the baseline and pulling every ratio toward 1.
   */
  run: () => unknown;
  /** Whether `run` returns a promise to await. */
  async: boolean;
  /** Untimed work before each iteration (for example, clearing what the last one registered). */
  beforeEach?: () => void;
  /** Before and after each timed phase (for example, starting and stopping background load). */
  beforeAll?: () => void | Promise<void>;
  afterAll?: () => void | Promise<void>;
}

/** A ratio to report: a subject against another subject of the same run, or against a fixed reference. */
export interface Comparison {
  id: string;
  label: string;
  ours: string;
  baseline: string | { label: string; nsPerOp: number };
  goal?: Goal;
}

export interface Scenario {
  id: string;
  title: string;
  setup?: () => void | Promise<void>;
  teardown?: () => void | Promise<void>;
  subjects: Subject[];
  comparisons: Comparison[];
  /** Overrides of the run's settings, for subjects that time something large themselves. */
  iterations?: number;
  timeMs?: number;
  /** Whether to warm each subject up before the first round. @default true */
  warmup?: boolean;
}

/** Where figures that drive results are kept alive, so the optimiser cannot drop the work. */
export const sink = { value: 0 };
