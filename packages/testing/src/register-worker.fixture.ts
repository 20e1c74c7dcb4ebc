/*
 * Worker module for worker-harness.test.ts: registers `data.actions` global actions in this
 * thread's ActionRegistry and reports what this thread's registry holds.
 */
import { ActionRegistry } from '@soni/core';
import type { WorkerTaskContext } from './worker-harness';

export interface RegisterResult {
  readonly index: number;
  readonly threadId: number;
  readonly globalCount: number;
  readonly foreignNames: number;
}

export function run({ index, threadId, data }: WorkerTaskContext<{ actions: number }>): RegisterResult {
  for (let i = 0; i < data.actions; i++) {
    ActionRegistry.register(`t${index}_a${i}`)(() => ({ thread: index, index: i }));
  }
  const names = new ActionRegistry().listActions().global;
  return { index, threadId, globalCount: names.length, foreignNames: names.filter((n) => !n.startsWith(`t${index}_`)).length };
}

export function fail({ index }: WorkerTaskContext): never {
  throw new Error(`worker ${index} failed on purpose`);
}
