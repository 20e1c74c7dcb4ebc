import { LockConfigError } from './lock-errors';
import { selfDeadlockDetectionDefault, type DetectionDefault } from './self-deadlock-detection';

/** Options of a queued lock (`LockEngine`): the constructors of `MutexLock` and `ReadWriteLock`, the Redis locks. */
export interface QueuedLockOptions {
  /**
   * How long a call waits for the lock, in milliseconds, when it passes no `timeoutMs` of its
   * own. `0` means "only if free right now" (a try-lock). Any length is honoured.
   * @default undefined (wait for as long as it takes)
   */
  timeoutMs?: number;
  /**
   * Let the holder's nested calls re-enter the lock instead of failing with
   * `LockReentrancyError`. Nested calls that run concurrently are serialised among themselves
   * (see the package README). Needs self-deadlock detection, which it turns on.
   * @default false
   */
  reentrant?: boolean;
  /**
   * Track which async context holds the lock (with `AsyncLocalStorage`) so that a nested
   * request fails fast with `LockReentrancyError` instead of waiting forever, and a shared
   * request nested in a shared hold joins it instead of queueing behind a waiting writer.
   * On Node 20 and 22 tracking turns on promise hooks for the whole process (every `await`
   * gets slower, measured about 3× for a handler doing ten), so the default depends on where
   * the process runs: see `selfDeadlockDetectionDefault` in `@soni/core` (on under test
   * runners, `NODE_ENV=test|development` and `AsyncContextFrame`; off in production).
   * @default selfDeadlockDetectionDefault().enabled, or true when `reentrant` is true
   */
  detectReentrancy?: boolean;
  /**
   * Publish `soni:lock:writer-starved` when a queued writer has waited this long while
   * shared requests nested in shared holds kept joining ahead of it (only possible with
   * detection on; see the README, "Nested shared holds and writers").
   * @default 1000
   */
  starvationWarningMs?: number;
}

/** Where the detection setting of a lock came from: its options, or the default rule. */
export type DetectionSource = 'option' | DetectionDefault['reason'];

/** The options after validation, with defaults applied. */
export interface ResolvedLockOptions {
  readonly timeoutMs: number | undefined;
  readonly reentrant: boolean;
  readonly detectReentrancy: boolean;
  readonly detectionSource: DetectionSource;
  readonly starvationWarningMs: number;
}

const OPTION_FIELDS = ['timeoutMs', 'reentrant', 'detectReentrancy', 'starvationWarningMs'];

function isValidMs(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** Checks a lock constructor's options; throws {@link LockConfigError} naming the bad field. */
export function resolveLockOptions(options: QueuedLockOptions | undefined): ResolvedLockOptions {
  if (options !== undefined && (typeof options !== 'object' || (options as unknown) === null || Array.isArray(options))) {
    throw new LockConfigError('options', options, 'an object');
  }
  const given: QueuedLockOptions = options ?? {};
  for (const key of Object.keys(given)) {
    if (!OPTION_FIELDS.includes(key)) {
      throw new LockConfigError('field', key, `one of ${OPTION_FIELDS.map((f) => `'${f}'`).join(', ')}`);
    }
  }
  const { timeoutMs, reentrant = false, detectReentrancy, starvationWarningMs = 1000 } = given;
  if (timeoutMs !== undefined && !isValidMs(timeoutMs)) {
    throw new LockConfigError('timeoutMs', timeoutMs, 'a finite number of milliseconds >= 0');
  }
  if (!isValidMs(starvationWarningMs)) {
    throw new LockConfigError('starvationWarningMs', starvationWarningMs, 'a finite number of milliseconds >= 0');
  }
  if (typeof reentrant !== 'boolean') throw new LockConfigError('reentrant', reentrant, 'true or false');
  if (detectReentrancy !== undefined && typeof detectReentrancy !== 'boolean') {
    throw new LockConfigError('detectReentrancy', detectReentrancy, 'true or false');
  }
  if (reentrant && detectReentrancy === false) {
    throw new LockConfigError('detectReentrancy', detectReentrancy, 'true when reentrant is true');
  }
  if (detectReentrancy !== undefined || reentrant) {
    return { timeoutMs, reentrant, detectReentrancy: detectReentrancy ?? true, detectionSource: 'option', starvationWarningMs };
  }
  const rule = selfDeadlockDetectionDefault();
  return { timeoutMs, reentrant, detectReentrancy: rule.enabled, detectionSource: rule.reason, starvationWarningMs };
}
