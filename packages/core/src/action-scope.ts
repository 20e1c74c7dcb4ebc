import type { ActionFunc, ActionOptions, DuplicatePolicy } from './action-types';
import type { ScopeSettings } from './argument-checks';
import { DuplicateActionError } from './errors';
import { NO_LOCK, type LockStrategy } from './lock-strategy';
import { defaultLogger, isLevelEnabled, type Logger } from './logger';

/** Which scope an action lives in. */
export type ScopeKind = 'global' | 'local';

/**
 * One registration. Executions count themselves in `inflight` so that `dispose` runs only
 * once the entry is retired (replaced or removed) *and* no execution of it is running,
 * whatever lock strategy is configured.
 */
export class ActionEntry {
  inflight = 0;
  retired = false;
  disposed = false;

  constructor(
    readonly name: string,
    readonly fn: ActionFunc,
    readonly options: ActionOptions,
    readonly scope: ActionScope,
  ) {}

  /** Called by an execution when it starts using this entry. */
  enter(): void {
    this.inflight++;
  }

  /** Called by an execution when the action has settled. */
  leave(): void {
    this.inflight--;
    if (this.retired && this.inflight === 0) this.scope.dispose(this);
  }
}

/** A staged change of a transaction. */
export type StagedChange =
  | { readonly kind: 'register'; readonly name: string; readonly fn: ActionFunc; readonly options: ActionOptions }
  | { readonly kind: 'unregister'; readonly name: string };

const functionName = (fn: ActionFunc): string => fn.name || '<anonymous>';

/**
 * The state of one scope (the global one, or one registry's local one). Every mutation is a
 * single synchronous step, so readers never observe a half-applied change.
 */
export class ActionScope {
  /** Registrations by name, in insertion order (like a Python dict). */
  readonly entries = new Map<string, ActionEntry>();
  /** The handlers alone, kept beside `entries` so `get` is one `Map.get`. */
  readonly fns = new Map<string, ActionFunc>();
  /** Bumped by every change; caches compare it to know whether they are stale. */
  version = 0;
  lock: LockStrategy = NO_LOCK;
  logger: Logger = defaultLogger();
  onDuplicate: DuplicatePolicy = 'warn';
  #names: readonly string[] | undefined;

  constructor(readonly kind: ScopeKind) {}

  configure(settings: ScopeSettings): void {
    this.lock = settings.lock ?? NO_LOCK;
    this.logger = settings.logger ?? defaultLogger();
    this.onDuplicate = settings.onDuplicate;
  }

  /** The names in insertion order, as a frozen array shared until the next change. */
  names(): readonly string[] {
    return (this.#names ??= Object.freeze([...this.entries.keys()]));
  }

  #changed(): void {
    this.version++;
    this.#names = undefined;
  }

  /** Registers `fn`, applying the duplicate policy. Throws before changing anything. */
  set(name: string, fn: ActionFunc, options: ActionOptions): void {
    const previous = this.entries.get(name);
    if (previous !== undefined) {
      if (this.onDuplicate === 'error') throw new DuplicateActionError(name, this.kind);
      if (this.onDuplicate === 'warn') {
        this.logger.warn(
          `Overwriting existing ${this.kind} action '${name}'. Previous: ${functionName(previous.fn)}, New: ${functionName(fn)}`,
          { action: name, scope: this.kind, previous: functionName(previous.fn), next: functionName(fn) },
        );
      }
    }
    this.entries.set(name, new ActionEntry(name, fn, options, this));
    this.fns.set(name, fn);
    this.#changed();
    if (isLevelEnabled(this.logger, 'debug')) {
      this.logger.debug(`Registered ${this.kind} action: ${name}`, { action: name, scope: this.kind });
    }
    if (previous !== undefined) this.retire(previous);
  }

  delete(name: string): boolean {
    const previous = this.entries.get(name);
    if (previous === undefined) return false;
    this.entries.delete(name);
    this.fns.delete(name);
    this.#changed();
    if (isLevelEnabled(this.logger, 'debug')) {
      this.logger.debug(`Unregistered ${this.kind} action: ${name}`, { action: name, scope: this.kind });
    }
    this.retire(previous);
    return true;
  }

  clear(): number {
    const removed = [...this.entries.values()];
    this.entries.clear();
    this.fns.clear();
    this.#changed();
    const count = removed.length;
    const level = this.kind === 'global' ? 'info' : 'debug';
    if (isLevelEnabled(this.logger, level)) {
      this.logger[level](`Cleared ${count} ${this.kind} actions`, { scope: this.kind, count });
    }
    for (const entry of removed) this.retire(entry);
    return count;
  }

  /**
   * Applies a transaction's changes in one synchronous step onto the current state (so a
   * registration made meanwhile outside the transaction is kept). With the `'error'` policy
   * every change is checked first, so a duplicate aborts the whole commit.
   */
  commit(changes: readonly StagedChange[]): void {
    if (this.onDuplicate === 'error') {
      const present = new Map<string, boolean>();
      for (const change of changes) {
        const exists = present.get(change.name) ?? this.entries.has(change.name);
        if (change.kind === 'register' && exists) throw new DuplicateActionError(change.name, this.kind);
        present.set(change.name, change.kind === 'register');
      }
    }
    for (const change of changes) {
      if (change.kind === 'register') this.set(change.name, change.fn, change.options);
      else this.delete(change.name);
    }
  }

  /** Marks an entry replaced or removed; disposes it now or when its last execution ends. */
  retire(entry: ActionEntry): void {
    entry.retired = true;
    if (entry.inflight === 0) this.dispose(entry);
  }

  /** Runs `dispose` once, after the current synchronous step; errors are logged, not thrown. */
  dispose(entry: ActionEntry): void {
    if (entry.disposed) return;
    entry.disposed = true;
    const dispose = entry.options.dispose;
    if (dispose === undefined) return;
    const fail = (error: unknown): void => {
      this.logger.error(`Disposing ${this.kind} action '${entry.name}' failed: ${errorMessage(error)}`, {
        action: entry.name,
        scope: this.kind,
        error,
      });
    };
    queueMicrotask(() => {
      try {
        Promise.resolve(dispose()).catch(fail);
      } catch (error) {
        fail(error);
      }
    });
  }
}

/** The message of anything thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  try {
    return String(error);
  } catch {
    return Object.prototype.toString.call(error);
  }
}
