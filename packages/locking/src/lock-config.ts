import { assertKnownParams, configBoolean, configMilliseconds, parseConfigString } from '@soni/core';
import type { QueuedLockOptions } from '@soni/core';
import { LockConfigError } from './errors';

/** The built-in strategies, by name. */
export type LockKind = 'mutex' | 'rwlock' | 'none';

/** Every {@link LockKind}, in the order error messages list them. */
export const LOCK_KINDS: readonly LockKind[] = Object.freeze(['mutex', 'rwlock', 'none']);

/**
 * A lock described as data, for `createLock`: a plain object that can come from a config file.
 * `timeoutMs`, `reentrant`, `detectReentrancy` and `starvationWarningMs` are the
 * `QueuedLockOptions` of the mutex and read-write locks; a `'none'` lock checks them and
 * otherwise ignores them.
 */
export interface LockConfig extends QueuedLockOptions {
  /** Which strategy. */
  kind: LockKind;
}

const VALID_KINDS = LOCK_KINDS.map((kind) => `'${kind}'`).join(', ');
const PARAMETERS = ['timeoutMs', 'reentrant', 'detectReentrancy', 'starvationWarningMs'] as const;

/** True when `value` names a built-in strategy. */
export function isLockKind(value: unknown): value is LockKind {
  return typeof value === 'string' && (LOCK_KINDS as readonly string[]).includes(value);
}

/** Throws {@link LockConfigError} unless `value` is a {@link LockKind}. */
export function assertLockKind(value: unknown): asserts value is LockKind {
  if (!isLockKind(value)) throw new LockConfigError('kind', value, `one of ${VALID_KINDS}`);
}

/** Whether `text` names a Redis lock (`redis://` or `rediss://`), served by `@soni/locking-redis`. */
export function isRedisLockUrl(text: string): boolean {
  return /^rediss?:\/\//i.test(text.trim());
}

const fail = (part: string, value: unknown, expected: string): LockConfigError => new LockConfigError(part, value, expected);

/**
 * Reads a lock description written as text in the configuration-string syntax shared with
 * `SONI_LOG` (see `parseConfigString` in `@soni/core`): a kind, optionally followed by `?` and
 * URL-style parameters. Throws {@link LockConfigError} naming the bad part and the valid
 * values. A Redis URL is not a {@link LockConfig}: give it to `createLock`/`lockFromEnv`.
 *
 * @example
 * ```ts
 * import { parseLockConfig } from '@soni/locking';
 *
 * parseLockConfig('rwlock');                               // { kind: 'rwlock' }
 * parseLockConfig('mutex?timeoutMs=500&reentrant=true');   // { kind: 'mutex', timeoutMs: 500, reentrant: true }
 * ```
 */
export function parseLockConfig(text: string): LockConfig {
  if (typeof text === 'string' && isRedisLockUrl(text)) {
    throw new LockConfigError('description', text, 'an in-process lock description; pass a redis:// URL to createLock or lockFromEnv');
  }
  const parsed = parseConfigString(text, fail);
  assertLockKind(parsed.kind);
  assertKnownParams(parsed, PARAMETERS, fail);
  const config: LockConfig = { kind: parsed.kind };
  for (const [key, value] of parsed.params) {
    if (key === 'timeoutMs' || key === 'starvationWarningMs') config[key] = configMilliseconds(value, key, fail);
    else config[key as 'reentrant' | 'detectReentrancy'] = configBoolean(value, key, fail);
  }
  return config;
}
