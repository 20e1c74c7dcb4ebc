import { LockConfigError } from './errors';
import type { QueuedLockOptions } from '@soni/core';

/** The built-in strategies, by name. */
export type LockKind = 'mutex' | 'rwlock' | 'none';

/** Every {@link LockKind}, in the order error messages list them. */
export const LOCK_KINDS: readonly LockKind[] = Object.freeze(['mutex', 'rwlock', 'none']);

/**
 * A lock described as data, for `createLock`: a plain object that can come from a config file.
 * `timeoutMs`, `reentrant` and `detectReentrancy` are the {@link QueuedLockOptions} of the
 * mutex and read-write locks; a `'none'` lock checks them and otherwise ignores them.
 */
export interface LockConfig extends QueuedLockOptions {
  /** Which strategy. */
  kind: LockKind;
}

const VALID_KINDS = LOCK_KINDS.map((kind) => `'${kind}'`).join(', ');

/** True when `value` names a built-in strategy. */
export function isLockKind(value: unknown): value is LockKind {
  return typeof value === 'string' && (LOCK_KINDS as readonly string[]).includes(value);
}

/** Throws {@link LockConfigError} unless `value` is a {@link LockKind}. */
export function assertLockKind(value: unknown): asserts value is LockKind {
  if (!isLockKind(value)) throw new LockConfigError('kind', value, `one of ${VALID_KINDS}`);
}

const BOOLEAN_FIELDS = new Set(['reentrant', 'detectReentrancy']);
const NUMBER_FIELDS = new Set(['timeoutMs']);
const DECIMAL = /^\d+(?:\.\d+)?$/;

/**
 * Reads a lock description written as text: a kind, optionally followed by `?` and
 * URL-style parameters, as found in an environment variable or a command-line flag.
 * Throws {@link LockConfigError} naming the bad part and the valid values.
 *
 * @example
 * ```ts
 * parseLockConfig('rwlock');                               // { kind: 'rwlock' }
 * parseLockConfig('mutex?timeoutMs=500&reentrant=true');   // { kind: 'mutex', timeoutMs: 500, reentrant: true }
 * ```
 */
export function parseLockConfig(text: string): LockConfig {
  if (typeof text !== 'string') throw new LockConfigError('description', text, 'a string such as \'rwlock\'');
  const trimmed = text.trim();
  const question = trimmed.indexOf('?');
  const kind = question === -1 ? trimmed : trimmed.slice(0, question);
  assertLockKind(kind);
  const config: LockConfig = { kind };
  if (question === -1) return config;
  const seen = new Set<string>();
  for (const [key, value] of new URLSearchParams(trimmed.slice(question + 1))) {
    if (seen.has(key)) throw new LockConfigError('parameter', key, 'each parameter at most once');
    seen.add(key);
    if (NUMBER_FIELDS.has(key)) {
      if (!DECIMAL.test(value)) throw new LockConfigError(key, value, 'a number of milliseconds >= 0, such as 500');
      config.timeoutMs = Number(value);
    } else if (BOOLEAN_FIELDS.has(key)) {
      if (value !== 'true' && value !== 'false') throw new LockConfigError(key, value, "'true' or 'false'");
      config[key as 'reentrant' | 'detectReentrancy'] = value === 'true';
    } else {
      throw new LockConfigError('parameter', key, "one of 'timeoutMs', 'reentrant', 'detectReentrancy'");
    }
  }
  return config;
}
