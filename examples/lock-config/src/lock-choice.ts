import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  LOCK_KINDS,
  LockConfigError,
  createLock,
  parseLockConfig,
  type LockConfig,
  type LockKind,
  type MutexLock,
  type NoopLock,
  type ReadWriteLock,
} from '@soni/locking';

/** One strategy to run the workload under, and where the choice came from. */
export interface LockChoice {
  /** The strategy's kind: `'mutex'`, `'rwlock'` or `'none'`. */
  readonly kind: LockKind;
  /** Where it came from, for the output: `SONI_LOCK=rwlock`, `lock.json`, `default`. */
  readonly source: string;
  /** A fresh lock for one run (a lock keeps no state between runs, but be explicit). */
  readonly create: () => MutexLock | ReadWriteLock | NoopLock;
}

/** A bad `--config` file or command line: reported as one line, exit code 2. */
export class ChoiceError extends Error {
  override readonly name = 'ChoiceError';
}

const USAGE = 'usage: pnpm start [--config <file.json>]   (or SONI_LOCK=mutex|rwlock|none[?timeoutMs=…] pnpm start)';

/**
 * Which strategies to run, in this order of precedence:
 * 1. `--config <file.json>` holding `{ "lock": "rwlock" }` or `{ "lock": { "kind": "mutex", "timeoutMs": 500 } }`;
 * 2. the `SONI_LOCK` environment variable (`rwlock`, `mutex?timeoutMs=500`), read by `parseLockConfig` (the syntax of `lockFromEnv`);
 * 3. otherwise all three, one after another, so they can be compared.
 * Every value goes through `createLock`, so a typo fails with a `LockConfigError` naming the valid values.
 */
export function chooseLocks(argv: readonly string[], env: NodeJS.ProcessEnv): LockChoice[] {
  let configPath: string | undefined;
  try {
    // `pnpm start -- --config x` passes the `--` through; it means nothing here.
    const { values } = parseArgs({ args: argv.filter((arg) => arg !== '--'), options: { config: { type: 'string' } } });
    configPath = values.config;
  } catch (error) {
    throw new ChoiceError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }

  if (configPath !== undefined) {
    const config = readConfigFile(configPath);
    const probe = createLock(config);
    return [{ kind: probe.kind, source: configPath, create: () => createLock(config) }];
  }

  const text = env.SONI_LOCK;
  if (text !== undefined && text.trim() !== '') {
    // This example measures in-process locks (it reads `query()`): the same syntax as
    // lockFromEnv, minus redis:// URLs, which parseLockConfig refuses with a clear message.
    const config = parseLockConfig(text);
    return [{ kind: config.kind, source: `SONI_LOCK=${text}`, create: () => createLock(config) }];
  }

  return LOCK_KINDS.map((kind) => ({ kind, source: 'default: all three', create: () => createLock(kind) }));
}

function readConfigFile(path: string): LockKind | LockConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(resolve(path), 'utf8'));
  } catch (error) {
    throw new ChoiceError(`cannot read lock config ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || !('lock' in parsed)) {
    throw new ChoiceError(`lock config ${path}: expected {"lock": "mutex" | "rwlock" | "none" | {"kind": …, "timeoutMs"?: …}}`);
  }
  // createLock validates the value itself and names the valid kinds and fields.
  return parsed.lock as LockKind | LockConfig;
}

/** True for the errors a user's bad input causes (printed as one line, not a stack trace). */
export function isConfigurationError(error: unknown): error is Error {
  return error instanceof ChoiceError || LockConfigError.isInstance(error);
}
