import { describe, expectTypeOf, it } from 'vitest';
import { assertAllFulfilled, runAll, runConcurrently } from './concurrent-runner';
import type { ConcurrentReport, RunAllReport, TaskOutcome } from './concurrent-runner';

describe('runAll types', () => {
  it('keeps each task its own result type, like Promise.all', async () => {
    const report = await runAll([() => 1, async () => ['a'], async ({ step }) => { await step(); return null; }]);
    expectTypeOf(report).toEqualTypeOf<RunAllReport<[number, string[], null]>>();
    expectTypeOf(report.results).toEqualTypeOf<readonly [number | undefined, string[] | undefined, null | undefined]>();
    expectTypeOf(report.outcomes[1]).toEqualTypeOf<TaskOutcome<string[]>>();
    expectTypeOf(assertAllFulfilled(report)).toEqualTypeOf<[number, string[], null]>();
  });

  it('a report of runAll is still a ConcurrentReport of the union', async () => {
    const report = await runAll([() => 1, () => 'a']);
    expectTypeOf(report).toExtend<ConcurrentReport<number | string>>();
  });

  it('an array of unknown length gives an array', async () => {
    const tasks = [1, 2, 3].map((n) => () => n);
    expectTypeOf(assertAllFulfilled(await runAll(tasks))).toEqualTypeOf<number[]>();
  });

  it('one explicit result type for every task still works', async () => {
    const report = await runAll<number | undefined>([() => 1, () => undefined]);
    expectTypeOf(report).toEqualTypeOf<ConcurrentReport<number | undefined>>();
    expectTypeOf(assertAllFulfilled(report)).toEqualTypeOf<(number | undefined)[]>();
  });

  it('runConcurrently gives an array', async () => {
    expectTypeOf(assertAllFulfilled(await runConcurrently(3, ({ index }) => index))).toEqualTypeOf<number[]>();
  });

  it('tasks must be functions of the context', () => {
    // @ts-expect-error: a task is a function
    void runAll([1]);
    // @ts-expect-error: the context has no `foo`
    void runAll([({ foo }) => String(foo)]);
  });
});
