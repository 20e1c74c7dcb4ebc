/*
 * A registry model with an async check-then-act ("register if absent" with an await between
 * the check and the set), with or without a lock: the race the interleaving explorer must
 * find, and its fix.
 */
import type { LockStrategy } from '@soni/core';

export type AwaitPoint = (label: string) => Promise<void>;

export class RegistryModel {
  readonly actions = new Map<string, string>();

  constructor(private readonly lock?: LockStrategy) {}

  /** Registers `owner` under `name` unless taken; true when this call registered it. */
  registerIfAbsent(name: string, owner: string, awaitPoint: AwaitPoint): Promise<boolean> {
    const body = async (): Promise<boolean> => {
      await awaitPoint('lookup');
      if (this.actions.has(name)) return false;
      // e.g. validating or loading the action module
      await awaitPoint('validate');
      this.actions.set(name, owner);
      return true;
    };
    return this.lock === undefined ? body() : this.lock.runExclusive(body);
  }
}
