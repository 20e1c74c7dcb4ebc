import { ActionRegistry, type ActionFunc } from '@soni/core';
import { silentLogger } from '@soni/logging';

/** The Python original's figures, measured on the machine where the issue was written. */
export const PYTHON = {
  /** `ActionRegistry.get` costs this many times a `dict.get`. */
  getOverDictGet: 7.3,
  /** `list_actions()` with 1000 global actions, in nanoseconds. */
  listActionsNs: 3_400,
} as const;

/** `count` distinct names: `prefix0`, `prefix1`, ... */
export function names(count: number, prefix = 'action_'): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${i}`);
}

/** A distinct action function per name, as real registrations have. */
export function actionFor(name: string): ActionFunc {
  return () => ({ name });
}

/** Resets the global scope to defaults with a silent logger and no actions. */
export function resetGlobal(): void {
  ActionRegistry.configure({ logger: silentLogger() });
  ActionRegistry.clearGlobal();
}

/** Registers every name globally (through the decorator, as users do). */
export function registerGlobal(list: readonly string[]): void {
  for (const name of list) ActionRegistry.register(name)(actionFor(name));
}

/** An async critical section: what locks run in every lock scenario. */
export const counter = { value: 0 };
// eslint-disable-next-line @typescript-eslint/require-await -- what users pass to a lock is an async function
export const critical = async (): Promise<number> => ++counter.value;
