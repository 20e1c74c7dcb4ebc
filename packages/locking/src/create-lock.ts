import type { LockStrategy } from '@soni/core';
import { resolveLockOptions } from '@soni/core';
import { LockConfigError } from './errors';
import { assertLockKind, isRedisLockUrl, parseLockConfig } from './lock-config';
import type { LockConfig, LockKind } from './lock-config';
import { MutexLock } from './mutex-lock';
import { NoopLock } from './noop-lock';
import { ReadWriteLock } from './read-write-lock';
import { redisLockFromUrl } from './redis-lock-loader';

/** The class `createLock` returns for each kind. */
export interface LockByKind {
  mutex: MutexLock;
  rwlock: ReadWriteLock;
  none: NoopLock;
}

/** A `redis://` or `rediss://` URL: a lock of `@soni/locking-redis`. */
export type RedisLockUrl = `redis://${string}` | `rediss://${string}`;

/** A kind with parameters in the configuration-string syntax: `'mutex?timeoutMs=500'`. */
export type LockConfigText = `${LockKind}?${string}`;

/**
 * Creates a lock strategy from configuration: a kind name, a configuration string
 * (`'mutex?timeoutMs=500'`), a {@link LockConfig} object with a default `timeoutMs`,
 * `reentrant` and `detectReentrancy`, or a `redis://` URL (which needs `@soni/locking-redis`).
 * Throws {@link LockConfigError} naming the valid values on an unknown kind, an unknown field
 * or a bad value.
 *
 * @example
 * ```ts
 * import { ActionRegistry } from '@soni/core';
 * import { createLock } from '@soni/locking';
 *
 * const registry = new ActionRegistry({ lock: createLock('rwlock') });
 * const strict = createLock({ kind: 'mutex', timeoutMs: 2_000 });
 * const fromText = createLock('rwlock?timeoutMs=5000');
 * ```
 */
export function createLock<K extends LockKind>(config: K | (LockConfig & { kind: K })): LockByKind[K];
export function createLock(config: RedisLockUrl): LockStrategy;
export function createLock(config: LockKind | LockConfig | LockConfigText): MutexLock | ReadWriteLock | NoopLock;
export function createLock(config: LockKind | LockConfig | LockConfigText | RedisLockUrl): MutexLock | ReadWriteLock | NoopLock | LockStrategy;
export function createLock(config: LockKind | LockConfig | LockConfigText | RedisLockUrl): MutexLock | ReadWriteLock | NoopLock | LockStrategy {
  if (typeof config === 'string') {
    if (isRedisLockUrl(config)) return redisLockFromUrl(config.trim(), 'kind');
    const parsed = parseLockConfig(config);
    return fromKind(parsed.kind, withoutKind(parsed));
  }
  if (typeof config !== 'object' || (config as unknown) === null || Array.isArray(config)) {
    throw new LockConfigError('config', config, "a lock kind ('mutex', 'rwlock', 'none'), a string such as 'rwlock?timeoutMs=500', or { kind, timeoutMs?, reentrant? }");
  }
  const options = withoutKind(config);
  // Validate every field up front, whatever the kind, so a typo never passes silently.
  resolveLockOptions(options);
  return fromKind(config.kind, options);
}

function withoutKind(config: LockConfig): Omit<LockConfig, 'kind'> {
  const { kind: _kind, ...options } = config;
  return options;
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
