import { AssertionError } from 'node:assert';
import { inspect, isDeepStrictEqual } from 'node:util';
import { InvalidArgumentError, describeValue } from '@soni/core';
import { yieldToEventLoop } from './timing';

/** The allowed states: a list compared with deep equality, or a predicate. */
export type AllowedStates<T> = readonly T[] | ((state: T) => boolean);

/** A state that was not allowed, with when it was observed. */
export interface SnapshotViolation<T> {
  /** Position of the snapshot in the observed sequence. */
  readonly index: number;
  readonly state: T;
}

/** What {@link checkSnapshots} returns. */
export interface SnapshotReport<T> {
  /** How many snapshots were checked. */
  readonly total: number;
  /** The snapshots that were not allowed, in order. */
  readonly violations: readonly SnapshotViolation<T>[];
  /** Each distinct state seen, with how many times (useful to see both states were hit). */
  readonly seen: readonly { readonly state: T; readonly count: number }[];
}

function toPredicate<T>(allowed: AllowedStates<T>): (state: T) => boolean {
  if (typeof allowed === 'function') return allowed;
  if (!Array.isArray(allowed)) {
    throw new InvalidArgumentError(`allowed must be an array of states or a predicate; got ${describeValue(allowed)}`);
  }
  return (state) => allowed.some((candidate) => isDeepStrictEqual(candidate, state));
}

/**
 * Checks that every observed state belongs to the allowed set: the seed's "a reader sees 0
 * or 100 actions, never a partial clear". Returns a report; see {@link assertSnapshots}.
 *
 * @example
 * ```ts
 * const report = checkSnapshots([0, 100, 100, 0], [0, 100]);
 * report.violations.length; // 0
 * ```
 */
export function checkSnapshots<T>(observed: Iterable<T>, allowed: AllowedStates<T>): SnapshotReport<T> {
  const isAllowed = toPredicate(allowed);
  const violations: SnapshotViolation<T>[] = [];
  const seen: { state: T; count: number }[] = [];
  let index = 0;
  for (const state of observed) {
    if (!isAllowed(state)) violations.push({ index, state });
    const entry = seen.find((s) => isDeepStrictEqual(s.state, state));
    if (entry === undefined) seen.push({ state, count: 1 });
    else entry.count += 1;
    index += 1;
  }
  return { total: index, violations, seen };
}

/**
 * Like {@link checkSnapshots}, but throws an `AssertionError` naming the first violations
 * unless every state is allowed. With `mustSee`, each of those states must also have been
 * observed at least once (so a test cannot pass by only ever reading one side of a change).
 *
 * @example
 * ```ts
 * assertSnapshots(counts, [0, 100], { mustSee: [100] });
 * ```
 */
export function assertSnapshots<T>(
  observed: Iterable<T>,
  allowed: AllowedStates<T>,
  options: { mustSee?: readonly T[] } = {},
): SnapshotReport<T> {
  const report = checkSnapshots(observed, allowed);
  const missing = (options.mustSee ?? []).filter((state) => !report.seen.some((s) => isDeepStrictEqual(s.state, state)));
  if (report.violations.length > 0 || missing.length > 0) {
    const lines = report.violations.slice(0, 10).map((v) => `  #${v.index}: ${inspect(v.state, { depth: 4, breakLength: Infinity })}`);
    if (report.violations.length > 10) lines.push(`  … and ${report.violations.length - 10} more`);
    for (const state of missing) lines.push(`  never observed the required state ${inspect(state, { depth: 4 })}`);
    throw new AssertionError({
      message: `${report.violations.length} of ${report.total} snapshot(s) were not in the allowed set:\n${lines.join('\n')}`,
      actual: report.violations.map((v) => v.state),
      expected: typeof allowed === 'function' ? 'states accepted by the predicate' : allowed,
      operator: 'assertSnapshots',
    });
  }
  return report;
}

/**
 * Options of {@link observeSnapshots}. Give it a stop condition, `until` (the change you
 * watch) or `mustSee` (the states you need), so it samples as long as the change takes
 * rather than a number of times that may end too early on a fast machine.
 */
export interface ObserveOptions<T = unknown> {
  /**
   * Sample until this promise settles (fulfils or rejects), then take one more snapshot: the
   * state before the change and the state after it are both in the result, however long the
   * change takes.
   */
  until?: PromiseLike<unknown>;
  /**
   * Stop once each of these states (compared deeply) has been observed; the first snapshot is
   * taken at once, before any other task runs.
   */
  mustSee?: readonly T[];
  /**
   * With `until` or `mustSee`: stop after this long even if the condition does not hold yet,
   * so a change that never comes fails the later assertion instead of hanging.
   * @default 5000
   */
  timeoutMs?: number;
  /**
   * The most snapshots to take. Without `until` or `mustSee` this is the only stop condition
   * (the Python readers take 1000).
   * @default 1000 without `until`/`mustSee`, no limit with them
   */
  samples?: number;
  /** Stop early when this signal aborts. */
  signal?: AbortSignal;
  /**
   * Yield to the event loop after every this many snapshots, so a concurrent writer runs
   * between them.
   * @default 1
   */
  yieldEvery?: number;
}

function checkObserveOptions<T>(options: ObserveOptions<T>): void {
  const { samples, yieldEvery, timeoutMs, until, mustSee } = options;
  if (samples !== undefined && samples !== Infinity && (!Number.isInteger(samples) || samples < 0)) {
    throw new InvalidArgumentError(`observeSnapshots: samples must be a non-negative integer; got ${describeValue(samples)}`);
  }
  if (yieldEvery !== undefined && (!Number.isInteger(yieldEvery) || yieldEvery < 1)) {
    throw new InvalidArgumentError(`observeSnapshots: yieldEvery must be a positive integer; got ${describeValue(yieldEvery)}`);
  }
  if (timeoutMs !== undefined && (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0)) {
    throw new InvalidArgumentError(`observeSnapshots: timeoutMs must be a positive finite number; got ${describeValue(timeoutMs)}`);
  }
  if (until !== undefined && typeof (until as { then?: unknown } | null)?.then !== 'function') {
    throw new InvalidArgumentError(`observeSnapshots: until must be a promise; got ${describeValue(until)}`);
  }
  if (mustSee !== undefined && !Array.isArray(mustSee)) {
    throw new InvalidArgumentError(`observeSnapshots: mustSee must be an array of states; got ${describeValue(mustSee)}`);
  }
}

/**
 * Takes snapshots with `read` repeatedly, yielding between them so concurrent changes land
 * in between; run it next to the code that changes the state, then check the result with
 * {@link assertSnapshots}. The first snapshot is taken synchronously, before anything else
 * runs. It stops when `until` has settled (after one last snapshot), once every `mustSee`
 * state was seen, after `samples` snapshots, when `signal` aborts, or at the `timeoutMs`
 * deadline, whichever comes first; so whether a state is observed does not depend on how
 * fast the machine takes samples.
 *
 * @example
 * ```ts
 * const [snapshots] = assertAllFulfilled(await runAll([
 *   () => observeSnapshots(() => registry.listActions().global.length, { mustSee: [100, 0] }),
 *   async () => { await sleep(10); ActionRegistry.clearGlobal(); },
 * ]));
 * assertSnapshots(snapshots, [0, 100], { mustSee: [100, 0] });
 * ```
 */
export async function observeSnapshots<T>(read: () => T | Promise<T>, options: ObserveOptions<T> = {}): Promise<T[]> {
  if (typeof read !== 'function') {
    throw new InvalidArgumentError(`observeSnapshots: read must be a function; got ${describeValue(read)}`);
  }
  checkObserveOptions(options);
  const { until, mustSee, signal } = options;
  const conditional = until !== undefined || mustSee !== undefined;
  const samples = options.samples ?? (conditional ? Infinity : 1000);
  const yieldEvery = options.yieldEvery ?? 1;
  const deadline = conditional ? performance.now() + (options.timeoutMs ?? 5000) : Infinity;
  let settled = until === undefined;
  // Stryker disable next-line ConditionalExpression: without until, settled starts true; settling it again changes nothing
  if (until !== undefined) {
    const settle = (): void => {
      settled = true;
    };
    Promise.resolve(until).then(settle, settle);
  }
  // Stryker disable next-line MethodExpression: missing is only ever replaced by filter(), never changed in place, so the caller's array is safe without the copy
  let missing = mustSee?.slice() ?? [];

  const observed: T[] = [];
  for (let i = 0; i < samples && signal?.aborted !== true; i++) {
    // Note `settled` before reading: a snapshot begun after `until` settled shows the end state.
    const afterChange = settled;
    const state = await read();
    observed.push(state);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: filtering an empty list gives an empty list; the check only saves the call
    if (missing.length > 0) missing = missing.filter((wanted) => !isDeepStrictEqual(wanted, state));
    if (conditional && afterChange && missing.length === 0) break;
    // Stryker disable next-line EqualityOperator: a clock reading equal to the deadline to the fraction of a millisecond cannot be arranged; > and >= differ only there
    if (performance.now() >= deadline) break;
    if ((i + 1) % yieldEvery === 0) await yieldToEventLoop();
  }
  return observed;
}
