import { AssertionError } from 'node:assert';
import { describe, expect, it } from 'vitest';
import { ActionRegistry, NO_LOCK } from '@soni/core';
import type { LockStrategy } from '@soni/core';
import type { TaskOutcome } from './concurrent-runner';
import { assertNoFailingInterleaving, exploreInterleavings, formatInterleavingFailure } from './interleaving-explorer';
import type { InterleavingScenario } from './interleaving-explorer';
import { createLogCapture } from './log-capture';
import { ReferenceLock } from './reference-lock.fixture';
import { RegistryModel } from './registry-model.fixture';

/** Three actors race to register the same name; exactly one may win. */
function registerIfAbsent(lock?: LockStrategy): InterleavingScenario<RegistryModel, boolean> {
  return {
    setup: () => new RegistryModel(lock),
    actors: ['a', 'b', 'c'].map((owner) => (registry: RegistryModel, { pause }) => registry.registerIfAbsent('greet', owner, pause)),
    check: (registry, outcomes) => {
      const winners = outcomes.filter((o) => o.status === 'fulfilled' && o.value).length;
      if (winners !== 1) throw new Error(`${winners} actors registered 'greet' (owner now ${String(registry.actions.get('greet'))})`);
    },
  };
}

const SEEDS = Array.from({ length: 20 }, (_, i) => 1000 + i);

describe('exploreInterleavings', () => {
  it('finds the check-then-act race in the unlocked registry within its default run count', async () => {
    const report = await exploreInterleavings(registerIfAbsent(), { seed: 42 });
    expect(report.ok).toBe(false);
    const failure = report.failure!;
    expect(failure.runsUntilFailure).toBeLessThanOrEqual(200);
    expect(String(failure.error)).toMatch(/actors registered 'greet'/);
    // Two actors both passed their lookup before either one's validate resumed.
    const lookups = failure.interleaving.filter((step) => step.endsWith(':lookup'));
    expect(lookups.length).toBeGreaterThanOrEqual(2);
    expect(formatInterleavingFailure(failure)).toMatch(/Found a failing interleaving after \d+ run\(s\)[\s\S]*actor#\d:validate[\s\S]*Replay it with \{ replay: 'interleaving:/);
  });

  it('finds it for every one of 20 seeds, and reports how many runs it took', async () => {
    const runsNeeded: number[] = [];
    for (const seed of SEEDS) {
      const report = await exploreInterleavings(registerIfAbsent(), { seed, shrink: false });
      expect(report.ok, `seed ${seed}`).toBe(false);
      runsNeeded.push(report.failure!.runsUntilFailure);
    }
    expect(Math.max(...runsNeeded)).toBeLessThanOrEqual(200);
  });

  it('replays a failure exactly from its token', async () => {
    const first = (await exploreInterleavings(registerIfAbsent(), { seed: 7 })).failure!;
    const again = (await exploreInterleavings(registerIfAbsent(), { replay: first.replay })).failure!;
    expect(again.interleaving).toEqual(first.interleaving);
    expect(again.replay).toBe(first.replay);
    expect(String(again.error)).toBe(String(first.error));
    // The same seed replays the whole exploration too.
    const sameSeed = (await exploreInterleavings(registerIfAbsent(), { seed: 7 })).failure!;
    expect(sameSeed.interleaving).toEqual(first.interleaving);
  });

  it('passes the locked registry on every interleaving', async () => {
    const report = await assertNoFailingInterleaving(registerIfAbsent(new ReferenceLock()));
    expect(report).toMatchObject({ ok: true, runs: 200 });
  });

  it('assertNoFailingInterleaving throws an AssertionError with the interleaving and the token', async () => {
    const failing = assertNoFailingInterleaving(registerIfAbsent(), { seed: 3 });
    await expect(failing).rejects.toThrow(AssertionError);
    await expect(assertNoFailingInterleaving(registerIfAbsent(), { seed: 3 })).rejects.toThrow(/actor#\d:lookup[\s\S]*interleaving:-?\d+:/);
  });

  it('reports a deadlock as a failure instead of hanging', async () => {
    const report = await exploreInterleavings(
      {
        setup: () => new ReferenceLock({ nested: 'deadlock' }),
        actors: [async (lock, { pause }) => lock.runExclusive(async () => { await pause('inside'); await lock.runExclusive(() => undefined); })],
        check: () => true,
      },
      { runs: 3, runTimeoutMs: 100 },
    );
    expect(report.ok).toBe(false);
    expect(String(report.failure!.error)).toMatch(/interleaving deadlocked/);
  });

  it('rejects bad scenarios and replay tokens at the boundary', async () => {
    await expect(exploreInterleavings({ setup: () => 1, actors: [], check: () => true })).rejects.toThrow(/non-empty array/);
    await expect(exploreInterleavings(registerIfAbsent(), { replay: 'nope' })).rejects.toThrow(/replay must be a token/);
    await expect(exploreInterleavings(registerIfAbsent(), { runs: 0 })).rejects.toThrow(/runs must be a positive integer/);
  });
});

describe('exploreInterleavings on the real ActionRegistry', () => {
  /** Register-if-absent through a local transaction: `has` then an await, then `tx.register`. */
  function transactionRace(lock: LockStrategy): InterleavingScenario<ActionRegistry, boolean> {
    return {
      setup: () => new ActionRegistry({ lock, logger: createLogCapture() }),
      actors: ['first', 'second'].map((owner) => (registry: ActionRegistry, { pause }) =>
        registry.transaction(async (tx) => {
          await pause('lookup');
          if (registry.has('greet')) return false;
          await pause('validate');
          tx.register('greet', () => ({ owner }));
          return true;
        }),
      ),
      check: (_, outcomes) => outcomes.filter((o) => o.status === 'fulfilled' && o.value).length === 1,
    };
  }

  it('finds the race when the registry has no lock', async () => {
    const report = await exploreInterleavings(transactionRace(NO_LOCK), { seed: 11 });
    expect(report.ok).toBe(false);
  });

  it('passes when transactions run under an exclusive lock', async () => {
    expect((await assertNoFailingInterleaving(transactionRace(new ReferenceLock()))).ok).toBe(true);
  });
});

describe('exploreInterleavings, details of the contract', () => {
  /** Two actors that each add their own delivered value to a shared list. */
  const collector = (check: (list: string[], outcomes: readonly TaskOutcome<string>[]) => unknown, teardowns: string[][] = []): InterleavingScenario<string[], string> => ({
    setup: () => [],
    actors: ['x', 'y'].map((value) => async (list: string[], { actor, schedule }) => {
      const delivered = await schedule(Promise.resolve(`${value}${actor}`), `deliver-${value}`);
      list.push(delivered);
      return delivered;
    }),
    check,
    teardown: (list) => {
      teardowns.push([...list]);
    },
  });

  it("delivers scheduled values, gives each actor its index, tears every run down, and passes the outcomes to check", async () => {
    const teardowns: string[][] = [];
    const seenOutcomes: TaskOutcome<string>[][] = [];
    const report = await exploreInterleavings(
      collector((list, outcomes) => {
        seenOutcomes.push([...outcomes]);
        return [...list].sort().join() === 'x0,y1';
      }, teardowns),
      { runs: 5, seed: 5 },
    );
    expect(report).toEqual({ ok: true, runs: 5, seed: 5 });
    expect(teardowns).toHaveLength(5);
    expect(teardowns.every((list) => list.length === 2)).toBe(true);
    expect(seenOutcomes[0]).toEqual([{ index: 0, status: 'fulfilled', value: 'x0' }, { index: 1, status: 'fulfilled', value: 'y1' }]);
  });

  it("fails a run whose check returns false, recording the scheduled steps; a replay counts as one run", async () => {
    const teardowns: string[][] = [];
    const report = await exploreInterleavings(collector((list) => list[0] === 'x0', teardowns), { seed: 9, shrink: false });
    expect(report.ok).toBe(false);
    const failure = report.failure!;
    expect(failure.error).toBeInstanceOf(Error);
    expect(failure.error).toMatchObject({ name: 'InterleavingCheckFailed', message: 'the scenario check returned false' });
    expect(failure.interleaving).toEqual(['actor#1:deliver-y', 'actor#0:deliver-x']);
    expect(failure.shrinks).toBe(0);
    expect(teardowns).toHaveLength(report.runs);
    const replayed = await exploreInterleavings(collector((list) => list[0] === 'x0'), { replay: failure.replay, runs: 50 });
    expect(replayed.runs).toBe(1);
    expect(replayed.failure?.runsUntilFailure).toBe(1);
    expect(replayed.failure?.interleaving).toEqual(failure.interleaving);
  });

  it('replays a token whose seed has several digits', async () => {
    const first = (await exploreInterleavings(registerIfAbsent(), { seed: 1234, shrink: false })).failure!;
    expect(first.replay).toMatch(/^interleaving:1234:/);
    const again = (await exploreInterleavings(registerIfAbsent(), { replay: first.replay })).failure!;
    expect(again.interleaving).toEqual(first.interleaving);
  });

  it('assertNoFailingInterleaving names itself and what it expected in its AssertionError', async () => {
    const error = await assertNoFailingInterleaving(registerIfAbsent(), { seed: 3 }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ operator: 'assertNoFailingInterleaving', expected: 'no failing interleaving' });
  });

  it('passes a rejected actor to check as a rejected outcome', async () => {
    const boom = new Error('actor failed');
    let seen: readonly TaskOutcome<number>[] = [];
    const report = await exploreInterleavings<null, number>(
      {
        setup: () => null,
        actors: [() => Promise.reject(boom), () => Promise.resolve(2)],
        check: (_, outcomes) => {
          seen = outcomes;
        },
      },
      { runs: 1 },
    );
    expect(report.ok).toBe(true);
    expect(seen).toEqual([{ index: 0, status: 'rejected', reason: boom }, { index: 1, status: 'fulfilled', value: 2 }]);
  });

  it('formats a failure with numbered steps, or says it failed before any step', () => {
    const failure = { runsUntilFailure: 3, shrinks: 2, interleaving: ['actor#0:a', 'actor#1:b'], error: new Error('bad'), replay: 'interleaving:1:0' };
    expect(formatInterleavingFailure(failure)).toBe(
      [
        'Found a failing interleaving after 3 run(s) (shrunk 2 time(s)):',
        '   1. actor#0:a',
        '   2. actor#1:b',
        'Error: Error: bad',
        "Replay it with { replay: 'interleaving:1:0' }",
      ].join('\n'),
    );
    expect(formatInterleavingFailure({ ...failure, interleaving: [] }).split('\n')[1]).toBe('  (fails before any await point resumes)');
  });

  it('rejects scenarios without setup, check or function actors, and fractional run counts', async () => {
    await expect(exploreInterleavings(null as never)).rejects.toThrow(/scenario must have setup and check functions; got null/);
    await expect(exploreInterleavings({ setup: 1, actors: [async () => 1], check: () => true } as never)).rejects.toThrow(/scenario must have setup and check/);
    await expect(exploreInterleavings({ setup: () => 1, actors: [async () => 1], check: 1 } as never)).rejects.toThrow(/scenario must have setup and check/);
    await expect(exploreInterleavings({ setup: () => 1, actors: [async () => 1, 'x'], check: () => true } as never)).rejects.toThrow(/non-empty array of functions/);
    await expect(exploreInterleavings({ setup: () => 1, actors: 'x', check: () => true } as never)).rejects.toThrow(/non-empty array of functions/);
    await expect(exploreInterleavings(registerIfAbsent(), { runs: 1.5 })).rejects.toThrow(/runs must be a positive integer; got 1.5/);
    await expect(exploreInterleavings(registerIfAbsent(), { replay: 'interleaving:12:0:1 ' })).rejects.toThrow(/replay must be a token/);
    await expect(exploreInterleavings(registerIfAbsent(), { replay: 'xinterleaving:12:0' })).rejects.toThrow(/replay must be a token/);
  });
});
