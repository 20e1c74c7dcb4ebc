import type { SetAsideState } from './action-scope';
import { InvalidArgumentError } from './errors';
import type { RegistryConfiguration } from './registry-options';
import { GLOBAL_SCOPE } from './scope-resolution';

/**
 * The global scope's actions and configuration, set aside by `ActionRegistry.stashGlobal()`
 * until {@link GlobalStash.restore} puts them back.
 */
export interface GlobalStash {
  /** The names of the actions set aside, in registration order. */
  readonly actions: readonly string[];
  /** The configuration set aside. */
  readonly configuration: RegistryConfiguration;
  /** Whether {@link GlobalStash.restore} has run. */
  readonly restored: boolean;
  /**
   * Puts the actions and the configuration back, in one synchronous step, as they were when
   * they were set aside: the same registrations (never disposed), the same lock, logger and
   * duplicate policy. Whatever was registered globally meanwhile is removed and disposed as an
   * unregistration would. Restore stashes in the reverse order of taking them.
   * @throws {InvalidArgumentError} when this stash was already restored (nothing changes)
   */
  restore(): void;
}

class SetAsideGlobalScope implements GlobalStash {
  readonly actions: readonly string[];
  readonly configuration: RegistryConfiguration;
  #state: SetAsideState | undefined;

  constructor(state: SetAsideState) {
    this.#state = state;
    this.actions = Object.freeze([...state.entries.keys()]);
    this.configuration = state.configuration;
  }

  get restored(): boolean {
    return this.#state === undefined;
  }

  restore(): void {
    const state = this.#state;
    if (state === undefined) throw new InvalidArgumentError('stash.restore(): this stash was already restored; a stash restores once');
    this.#state = undefined;
    GLOBAL_SCOPE.putBack(state);
  }
}

/** Sets the global scope's actions and configuration aside (see `ActionRegistry.stashGlobal`). */
export function stashGlobalScope(): GlobalStash {
  return new SetAsideGlobalScope(GLOBAL_SCOPE.setAside());
}
