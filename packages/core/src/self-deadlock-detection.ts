/**
 * When locks track their holders (self-deadlock detection) by default.
 *
 * Tracking uses `AsyncLocalStorage`. On Node 20 and 22 the first storage a process enters
 * turns on promise hooks for the whole process: measured on Node 20.20, a handler that awaits
 * ten times runs about 3× slower in every module, not only around locks. So detection is on
 * by default only where that cost is absent or wanted:
 *
 * 1. Node's `AsyncContextFrame` is in use (the default from Node 24; `--experimental-async-context-frame`
 *    on 22 and 23): `AsyncLocalStorage` no longer needs promise hooks;
 * 2. a test runner is running (vitest, Jest, `node --test`): a self-deadlock then fails a test
 *    at once instead of hanging it;
 * 3. `NODE_ENV` is `test` or `development`.
 *
 * Everywhere else (production, or `NODE_ENV` unset) it is off. Each lock can override it
 * (`detectReentrancy: true | false`, or `?detectReentrancy=` in a config string).
 *
 * @packageDocumentation
 */

/** The default in force and why. */
export interface DetectionDefault {
  /** Whether locks track holders unless told otherwise. */
  readonly enabled: boolean;
  /** Which rule decided: `'async-context-frame'`, `'test-runner'`, `'node-env'` or `'production'`. */
  readonly reason: 'async-context-frame' | 'test-runner' | 'node-env' | 'production';
}

/** What the rule reads; the defaults are the current process's. */
export interface DetectionEnvironment {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly execArgv?: readonly string[];
  /** `process.versions.node`. */
  readonly nodeVersion?: string;
}

let cached: DetectionDefault | undefined;

/**
 * The self-deadlock detection default for locks created now (see the rule above). Without
 * an argument it reads the current process once and caches the answer.
 *
 * @example
 * ```ts
 * import { selfDeadlockDetectionDefault } from '@soni/core';
 *
 * selfDeadlockDetectionDefault(); // { enabled: true, reason: 'test-runner' } under vitest
 * selfDeadlockDetectionDefault({ env: { NODE_ENV: 'production' }, execArgv: [], nodeVersion: '20.20.0' });
 * // { enabled: false, reason: 'production' }
 * ```
 */
export function selfDeadlockDetectionDefault(environment?: DetectionEnvironment): DetectionDefault {
  if (environment === undefined) return (cached ??= decide(process.env, process.execArgv, process.versions.node));
  return decide(environment.env ?? {}, environment.execArgv ?? [], environment.nodeVersion ?? process.versions.node);
}

function decide(env: Readonly<Record<string, string | undefined>>, execArgv: readonly string[], nodeVersion: string): DetectionDefault {
  if (usesAsyncContextFrame(env, execArgv, nodeVersion)) return { enabled: true, reason: 'async-context-frame' };
  if (underTestRunner(env, execArgv)) return { enabled: true, reason: 'test-runner' };
  const nodeEnv = env.NODE_ENV?.trim().toLowerCase();
  if (nodeEnv === 'test' || nodeEnv === 'development') return { enabled: true, reason: 'node-env' };
  return { enabled: false, reason: 'production' };
}

function hasFlag(flag: string, env: Readonly<Record<string, string | undefined>>, execArgv: readonly string[]): boolean {
  return execArgv.includes(flag) || (env.NODE_OPTIONS ?? '').split(/\s+/).includes(flag);
}

function usesAsyncContextFrame(
  env: Readonly<Record<string, string | undefined>>,
  execArgv: readonly string[],
  nodeVersion: string,
): boolean {
  const major = Number.parseInt(nodeVersion, 10);
  if (major >= 24) return !hasFlag('--no-async-context-frame', env, execArgv);
  if (major >= 22) return hasFlag('--experimental-async-context-frame', env, execArgv);
  return false;
}

function underTestRunner(env: Readonly<Record<string, string | undefined>>, execArgv: readonly string[]): boolean {
  return (
    env.VITEST !== undefined ||
    env.JEST_WORKER_ID !== undefined ||
    env.NODE_TEST_CONTEXT !== undefined ||
    execArgv.includes('--test')
  );
}
