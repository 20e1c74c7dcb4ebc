import assert from 'node:assert/strict';
import type { ActionFunc } from '@soni/core';
import { assertAllFulfilled, runAll, runConcurrently } from '../concurrent-runner';
import { assertSnapshots, observeSnapshots } from '../snapshot-check';
import { assertStressClean, runStressLoop } from '../stress-loop';
import { yieldToEventLoop } from '../timing';
import { withSubject, type RegistryScenario, type RegistrySizes } from './context';
import type { RegistryHarness, RegistrySubject } from './harness';

const noopAction: ActionFunc = () => ({});

/** `tasks` concurrent registrars each register `perTask` actions in `scope`; all must be kept. */
async function registerConcurrently(registry: RegistrySubject, scope: 'global' | 'local', tasks: number, perTask: number): Promise<void> {
  const prefix = scope === 'global' ? 'action' : 'local';
  const report = await runConcurrently(tasks, async ({ index, step }) => {
    const registered: string[] = [];
    for (let i = 0; i < perTask; i++) {
      const name = `${prefix}_${index}_${i}`;
      const fn: ActionFunc = () => ({ thread: index, index: i });
      await (scope === 'global' ? registry.register(name, fn) : registry.registerLocal(name, fn));
      registered.push(name);
      await step();
    }
    return registered;
  });
  const all = assertAllFulfilled(report).flat();
  for (const name of all) assert.notEqual(await registry.get(name), undefined, `${scope === 'global' ? 'Action' : 'Local action'} ${name} not found`);
  const listed = (await registry.listActions())[scope];
  assert.equal(listed.length, tasks * perTask, `expected ${tasks * perTask} ${scope} actions, found ${listed.length}`);
}

/** The Python original's thread-safety tests, as scenarios. */
export function registrationScenarios(harness: RegistryHarness, sizes: RegistrySizes): RegistryScenario[] {
  const { threads, perThread, localThreads, localPerThread, durationMs, clearCount } = sizes;
  const on = (body: Parameters<typeof withSubject>[1]) => withSubject(harness, body);
  return [
    {
      claim: 'basic',
      name: `concurrent global registration: ${threads} tasks x ${perThread} actions are all kept`,
      run: on((registry) => registerConcurrently(registry, 'global', threads, perThread)),
    },
    {
      claim: 'basic',
      name: `concurrent local registration: ${localThreads} tasks x ${localPerThread} actions on one instance are all kept`,
      run: on((registry) => registerConcurrently(registry, 'local', localThreads, localPerThread)),
    },
    {
      claim: 'basic',
      name: `concurrent reads and writes for ${durationMs} ms: no error, presets always visible, every write kept`,
      run: on(async (registry) => {
        for (let i = 0; i < 10; i++) await registry.register(`preset_${i}`, () => ({ preset: i }));
        const written: string[] = [];
        const report = await runStressLoop({
          readers: {
            count: 3,
            operation: async () => {
              for (let i = 0; i < 10; i++) {
                if ((await registry.get(`preset_${i}`)) === undefined) throw new Error(`Reader error: preset_${i} missing`);
              }
              await registry.listActions();
            },
          },
          writers: {
            count: 2,
            operation: async ({ index, iteration }) => {
              const name = `dynamic_${index}_${iteration}`;
              await registry.registerLocal(name, () => ({}));
              written.push(name);
            },
          },
          invariant: async () => (await registry.listActions()).global.length === 10,
          durationMs,
        });
        assertStressClean(report, { minOpsPerWorker: 2 });
        const { local } = await registry.listActions();
        const missing = written.filter((name) => !local.includes(name));
        assert.deepEqual(missing, [], `${missing.length} local registration(s) were lost`);
      }),
    },
    ...(['global', 'local'] as const).map(
      (scope): RegistryScenario => ({
        claim: 'basic',
        name: `overwriting a ${scope} action logs a warning naming the action and both functions`,
        run: on(async (registry, logs) => {
          function firstAction(): Record<string, unknown> {
            return { first: true };
          }
          function secondAction(): Record<string, unknown> {
            return { second: true };
          }
          const put = (fn: ActionFunc): unknown => (scope === 'global' ? registry.register('duplicate_test', fn) : registry.registerLocal('duplicate_test', fn));
          await put(firstAction);
          logs.assertNotLogged({ minLevel: 'warn' });
          await put(secondAction);
          assert.match(logs.text, /Overwriting/);
          logs.assertLogged(
            { level: 'warn', message: `Overwriting existing ${scope} action 'duplicate_test'. Previous: firstAction, New: secondAction` },
            1,
          );
          assert.equal(await registry.get('duplicate_test'), secondAction, 'the second registration must win');
        }),
      }),
    ),
    {
      claim: 'basic',
      name: `clearGlobal is atomic: readers see ${clearCount} or 0 actions, never part`,
      run: on(async (registry) => {
        for (let i = 0; i < clearCount; i++) await registry.register(`clear_test_${i}`, noopAction);
        const [observed] = assertAllFulfilled(
          await runAll([
            () => observeSnapshots(async () => (await registry.listActions()).global.length, { mustSee: [clearCount, 0] }),
            async () => {
              // Let the reader take a few snapshots of the full state first.
              for (let i = 0; i < 20; i++) await yieldToEventLoop();
              await registry.clearGlobal();
            },
          ]),
        );
        assertSnapshots(observed, [0, clearCount], { mustSee: [clearCount, 0] });
        assert.equal((await registry.listActions()).global.length, 0);
      }),
    },
  ];
}
