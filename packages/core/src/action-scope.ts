import { ActionEntry } from './action-entry';
import type { ActionFunc, ActionOptions, DuplicatePolicy } from './action-types';
import type { ScopeSettings } from './argument-checks';
import type { RegistryConfiguration } from './registry-options';
import { DuplicateActionError, functionLabel } from './errors';
import { NO_LOCK, type LockStrategy } from './lock-strategy';
import { defaultLogger, type Logger, type LogLevel } from './logger';
import { registryChannels } from './registry-diagnostics';
import { wouldLog, writeLog } from './safe-log';

/** Which scope an action lives in. */
export type ScopeKind = 'global' | 'local';

/** A staged change of a transaction. */
export type StagedChange =
  | { readonly kind: 'register'; readonly name: string; readonly fn: ActionFunc; readonly options: ActionOptions }
  | { readonly kind: 'unregister'; readonly name: string };

/** A scope's registrations and configuration, taken out of it by {@link ActionScope.setAside}. */
export interface SetAsideState {
  readonly entries: ReadonlyMap<string, ActionEntry>;
  readonly configuration: RegistryConfiguration;
}

/**
 * The state of one scope (the global one, or one registry's local one).
 *
 * Every mutation is one synchronous step that completes before any user code runs: the
 * change is applied, then it is logged (through {@link writeLog}, which a throwing logger
 * cannot escape), then replaced or removed entries are retired (their `dispose` is scheduled
 * on its own microtask). So readers never observe a half-applied change, and neither a logger
 * nor a `dispose` can leave a change half-done.
 */
export class ActionScope {
  /** Registrations by name, in insertion order (like a Python dict). */
  readonly entries = new Map<string, ActionEntry>();
  /** Bumped by every change; caches compare it to know whether they are stale. */
  version = 0;
  lock: LockStrategy = NO_LOCK;
  logger: Logger = defaultLogger();
  onDuplicate: DuplicatePolicy = 'warn';
  #names: readonly string[] | undefined;

  constructor(readonly kind: ScopeKind) {}

  /** Merges the given fields into the configuration in force; the others keep their value. */
  configure(settings: ScopeSettings): void {
    if (settings.lock !== undefined) this.lock = settings.lock;
    if (settings.logger !== undefined) this.logger = settings.logger;
    if (settings.onDuplicate !== undefined) this.onDuplicate = settings.onDuplicate;
  }

  /** Puts every field of the configuration back to its default. */
  resetConfiguration(): void {
    this.lock = NO_LOCK;
    this.logger = defaultLogger();
    this.onDuplicate = 'warn';
  }

  /** The configuration in force, as a frozen copy. */
  configuration(): RegistryConfiguration {
    return Object.freeze({ lock: this.lock, logger: this.logger, onDuplicate: this.onDuplicate });
  }

  /**
   * Takes every registration and the configuration out of the scope, leaving it empty with
   * the default configuration, in one synchronous step. Nothing is retired: the entries set
   * aside are not disposed, and executions already running keep them.
   */
  setAside(): SetAsideState {
    const state: SetAsideState = { entries: new Map(this.entries), configuration: this.configuration() };
    this.entries.clear();
    this.resetConfiguration();
    this.#changed();
    return state;
  }

  /**
   * Makes the scope what it was when `state` was set aside, in one synchronous step: its
   * entries (the same registrations, never disposed) and its configuration. Whatever was
   * registered meanwhile is retired afterwards, as an unregistration would.
   */
  putBack(state: SetAsideState): void {
    const leftovers = [...this.entries.values()];
    this.entries.clear();
    for (const [name, entry] of state.entries) this.entries.set(name, entry);
    this.lock = state.configuration.lock;
    this.logger = state.configuration.logger;
    this.onDuplicate = state.configuration.onDuplicate;
    this.#changed();
    for (const entry of leftovers) if (state.entries.get(entry.name) !== entry) this.retire(entry);
  }

  /** The names in insertion order, as a frozen array shared until the next change. */
  names(): readonly string[] {
    return (this.#names ??= Object.freeze([...this.entries.keys()]));
  }

  #changed(): void {
    this.version++;
    this.#names = undefined;
  }

  #log(level: LogLevel, message: string, fields: Record<string, unknown>): void {
    if (wouldLog(this.logger, level)) writeLog(this.logger, level, message, fields);
  }

  /** Registers `fn`, applying the duplicate policy. Throws before changing anything. */
  set(name: string, fn: ActionFunc, options: ActionOptions): void {
    const previous = this.entries.get(name);
    if (previous !== undefined && this.onDuplicate === 'error') throw new DuplicateActionError(name, this.kind);
    this.entries.set(name, new ActionEntry(name, fn, options, this));
    this.#changed();
    if (previous !== undefined && this.onDuplicate === 'warn' && wouldLog(this.logger, 'warn')) {
      const before = functionLabel(previous.fn);
      const after = functionLabel(fn);
      writeLog(this.logger, 'warn', `Overwriting existing ${this.kind} action '${name}'. Previous: ${before}, New: ${after}`, {
        action: name,
        scope: this.kind,
        previous: before,
        next: after,
      });
    }
    this.#log('debug', `Registered ${this.kind} action: ${name}`, { action: name, scope: this.kind });
    if (registryChannels.register.hasSubscribers) {
      registryChannels.register.publish({ action: name, scope: this.kind, replaced: previous !== undefined, transaction: false });
    }
    if (previous !== undefined) this.retire(previous);
  }

  delete(name: string): boolean {
    const previous = this.entries.get(name);
    if (previous === undefined) return false;
    this.entries.delete(name);
    this.#changed();
    this.#log('debug', `Unregistered ${this.kind} action: ${name}`, { action: name, scope: this.kind });
    if (registryChannels.unregister.hasSubscribers) {
      registryChannels.unregister.publish({ action: name, scope: this.kind, transaction: false });
    }
    this.retire(previous);
    return true;
  }

  clear(): number {
    const removed = [...this.entries.values()];
    this.entries.clear();
    this.#changed();
    const count = removed.length;
    this.#log(this.kind === 'global' ? 'info' : 'debug', `Cleared ${count} ${this.kind} actions`, { scope: this.kind, count });
    if (registryChannels.clear.hasSubscribers) registryChannels.clear.publish({ scope: this.kind, count });
    for (const entry of removed) this.retire(entry);
    return count;
  }

  /**
   * Applies a transaction's changes in one synchronous step onto the current state (so a
   * registration made meanwhile outside the transaction is kept). With the `'error'` policy
   * every change is checked first, so a duplicate aborts the whole commit. Replacing inside a
   * transaction is deliberate, so it logs at `debug`, not `warn`.
   */
  commit(changes: readonly StagedChange[]): void {
    if (this.onDuplicate === 'error') this.#checkNoDuplicates(changes);
    const retired: ActionEntry[] = [];
    const applied: { change: StagedChange; previous: ActionEntry | undefined }[] = [];
    for (const change of changes) {
      const previous = this.entries.get(change.name);
      if (change.kind === 'register') this.entries.set(change.name, new ActionEntry(change.name, change.fn, change.options, this));
      else if (previous !== undefined) this.entries.delete(change.name);
      else continue;
      if (previous !== undefined) retired.push(previous);
      applied.push({ change, previous });
    }
    this.#changed();
    // The state is complete; only now does user code (logger, subscribers, dispose) run.
    for (const { change, previous } of applied) this.#reportCommitted(change, previous);
    if (registryChannels.commit.hasSubscribers) {
      registryChannels.commit.publish({
        scope: this.kind,
        registered: applied.filter(({ change }) => change.kind === 'register').map(({ change }) => change.name),
        unregistered: applied.filter(({ change }) => change.kind === 'unregister').map(({ change }) => change.name),
      });
    }
    for (const entry of retired) this.retire(entry);
  }

  #checkNoDuplicates(changes: readonly StagedChange[]): void {
    const present = new Map<string, boolean>();
    for (const change of changes) {
      const exists = present.get(change.name) ?? this.entries.has(change.name);
      if (change.kind === 'register' && exists) throw new DuplicateActionError(change.name, this.kind);
      present.set(change.name, change.kind === 'register');
    }
  }

  #reportCommitted(change: StagedChange, previous: ActionEntry | undefined): void {
    const name = change.name;
    if (change.kind === 'register') {
      if (previous === undefined) this.#log('debug', `Registered ${this.kind} action: ${name}`, { action: name, scope: this.kind });
      else {
        const before = functionLabel(previous.fn);
        const after = functionLabel(change.fn);
        this.#log('debug', `Replaced ${this.kind} action '${name}' in a transaction. Previous: ${before}, New: ${after}`, {
          action: name,
          scope: this.kind,
          previous: before,
          next: after,
        });
      }
      if (registryChannels.register.hasSubscribers) {
        registryChannels.register.publish({ action: name, scope: this.kind, replaced: previous !== undefined, transaction: true });
      }
      return;
    }
    this.#log('debug', `Unregistered ${this.kind} action: ${name}`, { action: name, scope: this.kind });
    if (registryChannels.unregister.hasSubscribers) {
      registryChannels.unregister.publish({ action: name, scope: this.kind, transaction: true });
    }
  }

  /** Marks an entry replaced or removed; disposes it now or when its last execution ends. */
  retire(entry: ActionEntry): void {
    entry.retired = true;
    if (entry.inflight === 0) this.dispose(entry);
  }

  /**
   * Runs `dispose` once, on a microtask of its own (never inside the caller's synchronous
   * step); a throw or a rejection is logged at `error` through the safe logger, never thrown.
   */
  dispose(entry: ActionEntry): void {
    if (entry.disposed) return;
    entry.disposed = true;
    const dispose = entry.options.dispose;
    if (dispose === undefined) return;
    const fail = (error: unknown): void => {
      this.#disposeFailed(entry, error);
    };
    queueMicrotask(() => {
      try {
        const outcome = dispose();
        // Reading `then` can throw too (a hostile getter): it is inside the `try`.
        if (isThenable(outcome)) Promise.resolve(outcome).then(undefined, fail);
      } catch (error) {
        fail(error);
      }
    });
  }

  #disposeFailed(entry: ActionEntry, error: unknown): void {
    this.#log('error', `Disposing ${this.kind} action '${entry.name}' failed: ${errorMessage(error)}`, {
      action: entry.name,
      scope: this.kind,
      error,
    });
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** The message of anything thrown, without ever throwing itself. */
export function errorMessage(error: unknown): string {
  try {
    if (error instanceof Error) {
      const message: unknown = error.message;
      return typeof message === 'string' ? message : String(message);
    }
    if (typeof error === 'string') return error;
    return String(error);
  } catch {
    return 'an error that cannot be described';
  }
}
