import { Redis, type RedisOptions } from 'ioredis';
import { LockConfigError, configBoolean, configMilliseconds, isPlainRecord } from '@soni/core';
import { RedisLock, adoptClient } from './redis-lock';
import type { RedisLockOptions } from './redis-lock-options';

/** Options of {@link redisLockFromUrl} that a URL cannot carry. */
export interface RedisLockUrlOptions {
  /**
   * More ioredis options for the client the lock creates (TLS certificates, a connection
   * name, ...). The URL's host, port, credentials and database, and the lock's connection
   * settings (`lazyConnect`, `connectTimeout`, `maxRetriesPerRequest`, `retryStrategy`) win.
   */
  redis?: RedisOptions;
}

const NUMBER_PARAMS = ['leaseMs', 'timeoutMs', 'commandTimeoutMs', 'connectTimeoutMs', 'starvationWarningMs', 'handOverWindowMs'] as const;
const BOOLEAN_PARAMS = ['reentrant', 'detectReentrancy'] as const;
const TEXT_PARAMS = ['mode', 'key'] as const;
const PARAMS: readonly string[] = [...TEXT_PARAMS, ...NUMBER_PARAMS, ...BOOLEAN_PARAMS];
const fail = (part: string, value: unknown, expected: string): LockConfigError => new LockConfigError(part, value, expected);

/** What a lock URL says: the lock's options, and how to connect. */
export interface ParsedRedisLockUrl {
  readonly lock: RedisLockOptions;
  readonly connection: RedisOptions;
  /** `host:port` (never with credentials). */
  readonly endpoint: string;
}

/** The URL with its password replaced by `***`, for messages. */
function redacted(text: string): string {
  // Leading spaces too: the URL is parsed trimmed, so a value read from the environment may carry them.
  return text.replace(/^(\s*rediss?:\/\/[^:@/]*:)[^@/]*@/i, '$1***@');
}

/**
 * Reads a lock URL (see {@link redisLockFromUrl}) without connecting. Throws
 * {@link LockConfigError} naming the bad part and what it takes; the password never appears
 * in a message.
 */
export function parseRedisLockUrl(url: string): ParsedRedisLockUrl {
  if (typeof url !== 'string') throw new LockConfigError('url', url, "a string such as 'redis://127.0.0.1:6379/0?mode=rwlock'");
  let parsed: URL;
  try {
    // Stryker disable next-line MethodExpression: the URL parser strips leading and trailing spaces itself; trim() states it
    parsed = new URL(url.trim());
  } catch (error) {
    throw new LockConfigError('url', redacted(url), "a URL such as 'redis://127.0.0.1:6379/0?mode=rwlock'", { cause: error });
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new LockConfigError('url scheme', parsed.protocol, "'redis:' or 'rediss:' (TLS)");
  }
  // Stryker disable next-line Regex: a parsed hostname is either wholly in brackets (IPv6) or has none, so the anchors change nothing
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host.length === 0) throw new LockConfigError('url host', host, "a host name or address, such as '127.0.0.1'");
  const port = parsed.port === '' ? 6379 : Number(parsed.port);
  // Stryker disable next-line Regex: a parsed pathname always starts with '/', and replace() takes the first match only
  const path = parsed.pathname.replace(/^\//, '');
  if (path !== '' && !/^\d{1,5}$/.test(path)) throw new LockConfigError('url database', path, "a database number, such as '/0'");
  // Stryker disable next-line ConditionalExpression,StringLiteral: Number('') is 0 too; the check only says what an empty path means
  const connection: RedisOptions = { host, port, db: path === '' ? 0 : Number(path) };
  if (parsed.username !== '') connection.username = decodeURIComponent(parsed.username);
  if (parsed.password !== '') connection.password = decodeURIComponent(parsed.password);
  if (parsed.protocol === 'rediss:') connection.tls = {};
  const lock: Record<string, unknown> = {};
  const seen = new Set<string>();
  for (const [name, value] of parsed.searchParams) {
    if (!PARAMS.includes(name)) throw new LockConfigError('url parameter', name, `one of ${PARAMS.map((p) => `'${p}'`).join(', ')}`);
    if (seen.has(name)) throw new LockConfigError('url parameter', name, 'each parameter at most once');
    seen.add(name);
    // The values follow the configuration-string syntax every `SONI_*` string shares (core).
    if ((NUMBER_PARAMS as readonly string[]).includes(name)) {
      lock[name] = configMilliseconds(value, name, fail);
    } else if ((BOOLEAN_PARAMS as readonly string[]).includes(name)) {
      lock[name] = configBoolean(value, name, fail);
    } else {
      lock[name] = value;
    }
  }
  const { connectTimeoutMs, ...options } = lock;
  if (connectTimeoutMs !== undefined) connection.connectTimeout = connectTimeoutMs as number;
  return { lock: options, connection, endpoint: `${host}:${String(port)}` };
}

/**
 * Creates a Redis lock from a URL, the string form `@soni/locking`'s `lockFromEnv` and
 * `createLock` accept for Redis (`SONI_LOCK=redis://…`). Synchronous: the client connects on
 * first use. Throws `LockConfigError` naming the bad part on a bad URL or parameter (the
 * options are checked as {@link RedisLock}'s constructor checks them).
 *
 * `redis[s]://[user[:password]@]host[:port][/db][?parameters]`, with the parameters:
 *
 * | parameter | meaning | default |
 * | --- | --- | --- |
 * | `mode` | `mutex` or `rwlock` | `mutex` |
 * | `key` | the lock's name in Redis | `soni:lock` |
 * | `leaseMs` | lease length; renewed every third of it | `10000` |
 * | `timeoutMs` | default wait for the lock (in-process and Redis) | none (wait) |
 * | `commandTimeoutMs` | longest wait for one Redis reply before `LockUnavailableError` | `2000` |
 * | `connectTimeoutMs` | longest wait for a connection | `2000` |
 * | `handOverWindowMs` | how long a process may pass its exclusive hold to its own next calls | `50` |
 * | `reentrant`, `detectReentrancy` | as in `@soni/locking` | `false`, by environment |
 * | `starvationWarningMs` | as in `@soni/locking` | `1000` |
 *
 * The client it creates fails a command at once while the server is unreachable (it does
 * not queue it until a reconnection) and reconnects in the background; `close()` quits it.
 *
 * @example
 * ```ts
 * import { ActionRegistry } from '@soni/core';
 * import { redisLockFromUrl } from '@soni/locking-redis';
 *
 * const lock = redisLockFromUrl('redis://127.0.0.1:6379/0?mode=rwlock&key=myapp:actions&leaseMs=10000');
 * ActionRegistry.configure({ lock });
 * // at shutdown
 * await lock.close();
 * ```
 */
export function redisLockFromUrl(url: string, options?: RedisLockUrlOptions): RedisLock {
  if (options !== undefined && (!isPlainRecord(options) || Object.keys(options).some((k) => k !== 'redis'))) {
    throw new LockConfigError('options', options, "{ redis?: ioredis options }");
  }
  const { lock: lockOptions, connection } = parseRedisLockUrl(url);
  const connectTimeout = connection.connectTimeout ?? 2000;
  const client = new Redis({
    ...(options?.redis ?? {}),
    ...connection,
    connectTimeout,
    lazyConnect: true,
    // Fail queued commands on the first failed reconnection instead of holding them: a lock
    // call must learn that Redis is down within its time, never hang.
    maxRetriesPerRequest: 0,
    retryStrategy: (attempts: number) => Math.min(50 * attempts, 1000),
  });
  let lock: RedisLock;
  try {
    lock = new RedisLock(client, lockOptions);
  } catch (error) {
    client.disconnect();
    throw error;
  }
  adoptClient(lock, client);
  return lock;
}
