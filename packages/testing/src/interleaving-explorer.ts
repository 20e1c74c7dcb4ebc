import { AssertionError } from 'node:assert';
import fc from 'fast-check';
import { InvalidArgumentError, describeValue } from '@soni/core';
import type { TaskOutcome } from './concurrent-runner';
import { describeError } from './describe-error';
import { withDeadline } from './timing';

/** Given to each actor: the await points the explorer controls. */
export interface InterleavingContext {
  /** The actor's index in `scenario.actors`. */
  readonly actor: number;
  /**
   * An await point: resolves when the explorer decides this actor may go on. Put one
   * wherever real code would `await` (I/O, validation, a lock): that is where another actor
   * can slip in.
   */
  readonly pause: (label: string) => Promise<void>;
  /** Wraps a promise so the explorer also decides when its result is delivered. */
  readonly schedule: <T>(promise: PromiseLike<T>, label: string) => Promise<T>;
}

/**
 * A concurrent scenario: fresh state, actors that run against it at once, and a check of
 * the end state. The explorer runs it many times, each time resuming the actors' await
 * points in a different (seeded) order.
 */
export interface InterleavingScenario<S, R = unknown> {
  /** Builds fresh state for one run (a new registry, a new lock...). */
  setup: () => S | Promise<S>;
  /** The concurrent parts; each gets the state and its own {@link InterleavingContext}. */
  actors: readonly ((state: S, context: InterleavingContext) => Promise<R>)[];
  /**
   * Checks one run's end state and the actors' outcomes; throwing, rejecting or returning
   * `false` marks the interleaving as failing.
   */
  check: (state: S, outcomes: readonly TaskOutcome<R>[]) => unknown;
  /** Called after each run, whatever happened (to reset global state). */
  teardown?: (state: S) => unknown;
}

/** Options of {@link exploreInterleavings}. */
export interface ExploreOptions {
  /**
   * How many interleavings to try.
   * @default 200
   */
  runs?: number;
  /** The seed of the random scheduler; a random one is drawn when left out (see the report). */
  seed?: number;
  /**
   * A token from a failure report (`report.failure.replay`): runs exactly that interleaving
   * once instead of exploring.
   */
  replay?: string;
  /**
   * Look for a smaller failing interleaving (fewer steps) after finding one.
   * @default true
   */
  shrink?: boolean;
  /**
   * A run whose actors have not all settled after this long fails as a deadlock.
   * @default 2000
   */
  runTimeoutMs?: number;
}

/** A failing interleaving. */
export interface InterleavingFailure {
  /** Which run (1-based) first failed, before shrinking: how hard the bug was to hit. */
  readonly runsUntilFailure: number;
  /** The await points in the order they resumed, as `actor#i:label`. */
  readonly interleaving: readonly string[];
  /** The check's error (or the deadlock error). */
  readonly error: unknown;
  /** Pass as `options.replay` to run exactly this interleaving again. */
  readonly replay: string;
  /** How many shrinking steps led from the first failure to this one. */
  readonly shrinks: number;
}

/** What {@link exploreInterleavings} returns. */
export interface InterleavingReport {
  /** True when no interleaving failed. */
  readonly ok: boolean;
  /** Runs executed (shrinking steps excluded). */
  readonly runs: number;
  /** The seed used: passing it again replays the whole exploration. */
  readonly seed: number;
  readonly failure?: InterleavingFailure;
}

const REPLAY_PREFIX = 'interleaving:';

function encodeReplay(seed: number, path: string): string {
  return `${REPLAY_PREFIX}${seed}:${path}`;
}

function decodeReplay(token: string): { seed: number; path: string } {
  const match = /^interleaving:(-?\d+):([\d:]+)$/.exec(token);
  if (match === null) {
    throw new InvalidArgumentError(`exploreInterleavings: replay must be a token like 'interleaving:<seed>:<path>'; got ${describeValue(token)}`);
  }
  return { seed: Number(match[1]), path: match[2] ?? '' };
}

class InterleavingCheckFailed extends Error {
  constructor() {
    super('the scenario check returned false');
    this.name = 'InterleavingCheckFailed';
  }
}

/**
 * Explores the orders in which concurrent actors' await points resume, looking for one
 * that breaks the scenario's check: a race (check-then-act, lost update) that a plain
 * concurrent run hits only by luck. Each run resumes the pending await points in an order
 * drawn from a seeded random source (fast-check's scheduler), so a failure replays exactly
 * from its `replay` token, and is shrunk to a short interleaving.
 *
 * Only the await points the actors mark with `pause`/`schedule` are reordered; code between
 * two of them runs without interruption, as in real JavaScript.
 *
 * @example
 * ```ts
 * const report = await exploreInterleavings({
 *   setup: () => new Map<string, string>(),
 *   actors: ['a', 'b'].map((who) => async (map, { pause }) => {
 *     await pause('load');
 *     if (!map.has('x')) { await pause('validate'); map.set('x', who); return true; }
 *     return false;
 *   }),
 *   // exactly one actor may win register-if-absent
 *   check: (_, outcomes) => outcomes.filter((o) => o.status === 'fulfilled' && o.value).length === 1,
 * });
 * report.ok; // false: both actors can pass the check before either sets
 * report.failure?.interleaving; // ['actor#0:load', 'actor#1:load', 'actor#0:validate', 'actor#1:validate']
 * ```
 */
export async function exploreInterleavings<S, R>(
  scenario: InterleavingScenario<S, R>,
  options: ExploreOptions = {},
): Promise<InterleavingReport> {
  if (typeof scenario !== 'object' || (scenario as unknown) === null || typeof scenario.setup !== 'function' || typeof scenario.check !== 'function') {
    throw new InvalidArgumentError(`exploreInterleavings: scenario must have setup and check functions; got ${describeValue(scenario)}`);
  }
  if (!Array.isArray(scenario.actors) || scenario.actors.length === 0 || !scenario.actors.every((a) => typeof a === 'function')) {
    throw new InvalidArgumentError('exploreInterleavings: scenario.actors must be a non-empty array of functions');
  }
  const runs = options.runs ?? 200;
  if (!Number.isInteger(runs) || runs < 1) {
    throw new InvalidArgumentError(`exploreInterleavings: runs must be a positive integer; got ${describeValue(runs)}`);
  }
  const runTimeoutMs = options.runTimeoutMs ?? 2000;

  // The interleaving of the latest failing run: after shrinking, that is the counterexample.
  // Stryker disable next-line ArrayDeclaration: every failing run assigns it before a failure is reported; the initial value is never read
  let lastFailing: string[] = [];
  let lastError: unknown;

  const property = fc.asyncProperty(fc.scheduler(), async (s) => {
    const state = await scenario.setup();
    const resumed: string[] = [];
    const contextFor = (actor: number): InterleavingContext => ({
      actor,
      pause: (label) =>
        // Stryker disable next-line StringLiteral: fast-check's own label, shown only in fast-check's reports; ours is the resumed list below
        s.schedule(Promise.resolve(), `actor#${actor}:${label}`).then(() => {
          resumed.push(`actor#${actor}:${label}`);
        }),
      schedule: <T>(promise: PromiseLike<T>, label: string) =>
        // Stryker disable next-line StringLiteral: fast-check's own label, shown only in fast-check's reports; ours is the resumed list below
        s.schedule(Promise.resolve(promise), `actor#${actor}:${label}`).then((value) => {
          resumed.push(`actor#${actor}:${label}`);
          return value;
        }),
    });
    try {
      const running = scenario.actors.map(async (actor, index): Promise<TaskOutcome<R>> => {
        try {
          return { index, status: 'fulfilled', value: await actor(state, contextFor(index)) };
        } catch (reason) {
          return { index, status: 'rejected', reason };
        }
      });
      const outcomes = await withDeadline(s.waitFor(Promise.all(running)), runTimeoutMs, 'interleaving deadlocked: actors never settled');
      if ((await scenario.check(state, outcomes)) === false) throw new InterleavingCheckFailed();
    } catch (error) {
      lastFailing = resumed;
      lastError = error;
      throw error;
    } finally {
      await scenario.teardown?.(state);
    }
  });

  const parameters: fc.Parameters<[fc.Scheduler]> = { numRuns: runs, endOnFailure: options.shrink === false };
  if (options.replay !== undefined) {
    const { seed, path } = decodeReplay(options.replay);
    Object.assign(parameters, { seed, path, numRuns: 1, endOnFailure: true });
  } else if (options.seed !== undefined) {
    parameters.seed = options.seed;
  }
  const details = await fc.check(property, parameters);
  if (!details.failed) return { ok: true, runs: details.numRuns, seed: details.seed };
  if (details.counterexamplePath === null) {
    throw new Error(`exploreInterleavings: fast-check gave up without a counterexample: ${describeError(details.errorInstance)}`);
  }
  return {
    ok: false,
    runs: details.numRuns,
    seed: details.seed,
    failure: {
      // Stryker disable next-line ConditionalExpression,EqualityOperator: a replay runs once, so numRuns is 1 there too; the 1 states it
      runsUntilFailure: options.replay === undefined ? details.numRuns : 1,
      interleaving: lastFailing,
      error: lastError,
      replay: encodeReplay(details.seed, details.counterexamplePath),
      shrinks: details.numShrinks,
    },
  };
}

/** Formats a failure for humans: the steps in order, the error and how to replay it. */
export function formatInterleavingFailure(failure: InterleavingFailure): string {
  const steps = failure.interleaving.map((step, i) => `  ${String(i + 1).padStart(2)}. ${step}`).join('\n');
  return [
    `Found a failing interleaving after ${failure.runsUntilFailure} run(s) (shrunk ${failure.shrinks} time(s)):`,
    steps.length > 0 ? steps : '  (fails before any await point resumes)',
    `Error: ${describeError(failure.error)}`,
    `Replay it with { replay: '${failure.replay}' }`,
  ].join('\n');
}

/**
 * Explores like {@link exploreInterleavings} and throws an `AssertionError` describing the
 * failing interleaving (with its replay token) if one is found.
 *
 * @example
 * ```ts
 * await assertNoFailingInterleaving(registerIfAbsentScenario(() => new SafeRegistry()));
 * ```
 */
export async function assertNoFailingInterleaving<S, R>(
  scenario: InterleavingScenario<S, R>,
  options: ExploreOptions = {},
): Promise<InterleavingReport> {
  const report = await exploreInterleavings(scenario, options);
  if (report.failure !== undefined) {
    throw new AssertionError({
      message: formatInterleavingFailure(report.failure),
      actual: report.failure.interleaving,
      expected: 'no failing interleaving',
      operator: 'assertNoFailingInterleaving',
    });
  }
  return report;
}
