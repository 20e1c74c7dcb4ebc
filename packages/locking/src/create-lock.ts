import { LockConfigError } from './errors';
import { resolveLockOptions } from '@soni/core';
import { assertLockKind } from './lock-config';
import type { LockConfig, LockKind } from './lock-config';
import { MutexLock } from './mutex-lock';
import { NoopLock } from './noop-lock';
import { ReadWriteLock } from './read-write-lock';

/** The class `createLock` returns for each kind. */
export interface LockByKind {
  mutex: MutexLock;
  rwlock: ReadWriteLock;
  none: NoopLock;
}

/**
 * Creates a lock strategy from configuration: a kind name, or a {@link LockConfig} object
 * with a default `timeoutMs` and `reentrant`. Throws {@link LockConfigError} naming the valid
 * values on an unknown kind, an unknown field or a bad value.
 *
 * @example
 * ```ts
 * import { ActionRegistry } from '@soni/core';
 * import { createLock } from '@soni/locking';
 *
 * const registry = new ActionRegistry({ lock: createLock('rwlock') });
 * const strict = createLock({ kind: 'mutex', timeoutMs: 2_000 });
 * ```
 */
export function createLock<K extends LockKind>(config: K | (LockConfig & { kind: K })): LockByKind[K];
export function createLock(config: LockKind | LockConfig): MutexLock | ReadWriteLock | NoopLock;
export function createLock(config: LockKind | LockConfig): MutexLock | ReadWriteLock | NoopLock {
  if (typeof config === 'string') return fromKind(config, undefined);
  if (typeof config !== 'object' || (config as unknown) === null) {
    throw new LockConfigError('config', config, "a lock kind ('mutex', 'rwlock', 'none') or { kind, timeoutMs?, reentrant? }");
  }
  const { kind, ...options } = config;
  // Validate every field up front, whatever the kind, so a typo never passes silently.
  resolveLockOptions(options);
  return fromKind(kind, options);
}

function fromKind(kind: unknown, options: Omit<LockConfig, 'kind'> | undefined): MutexLock | ReadWriteLock | NoopLock {
  assertLockKind(kind);
  switch (kind) {
    case 'mutex':
      return new MutexLock(options);
    case 'rwlock':
      return new ReadWriteLock(options);
    case 'none':
      return new NoopLock();
  }
}
