import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { ACQUIRE, HAND_OVER, RELEASE, RENEW } from './lua-scripts';
import { LockUnavailableError, redisFailure } from './redis-lock-errors';

/** One of the lock's scripts, with its SHA1 for `EVALSHA`. */
interface Script {
  readonly source: string;
  readonly sha: string;
}

function script(source: string): Script {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

const SCRIPTS = { acquire: script(ACQUIRE), renew: script(RENEW), release: script(RELEASE), handOver: script(HAND_OVER) } as const;

/** The names of the lock's Redis keys and wake-up channel, derived from its `key`. */
export interface LockKeys {
  readonly writer: string;
  readonly readers: string;
  readonly queue: string;
  readonly queueExpiry: string;
  readonly fence: string;
  readonly channel: string;
}

/** The keys of the lock named `key`, under one hash tag (one Redis Cluster slot). */
export function lockKeys(key: string): LockKeys {
  const tag = `{${key}}`;
  return {
    writer: `${tag}:writer`,
    readers: `${tag}:readers`,
    queue: `${tag}:queue`,
    queueExpiry: `${tag}:queue-expiry`,
    fence: `${tag}:fence`,
    channel: `${tag}:released`,
  };
}

/** What an acquisition attempt answered. */
export type AttemptReply = { readonly granted: true; readonly token: number } | { readonly granted: false; readonly hintMs: number };

/**
 * The lock's commands on one client. Every call has a deadline of its own: whatever the
 * client's configuration (a user's client may queue commands offline for ever), a call that
 * gets no answer within its time rejects with {@link LockUnavailableError}, so a lock never
 * hangs on a dead server. Client errors become {@link LockUnavailableError} or `LockAuthError`.
 * Scripts run with `EVALSHA` and are loaded with `EVAL` when the server does not know them
 * (first use, or after a restart flushed the script cache).
 */
export class RedisCommands {
  readonly #client: Redis;
  readonly #keys: LockKeys;
  /** `host:port` for messages, never with credentials. */
  readonly endpoint: string;

  /** The last connection error of a client this lock owns (see {@link RedisCommands.watchErrors}). */
  #connectionError: unknown = undefined;

  constructor(client: Redis, keys: LockKeys, endpoint: string) {
    this.#client = client;
    this.#keys = keys;
    this.endpoint = endpoint;
  }

  /**
   * One acquisition attempt for `owner`. `raw` settles with the server's answer whenever it
   * comes (for the clean-up of an attempt given up on), `reply` by `timeoutMs` at the latest.
   */
  attempt(owner: string, exclusive: boolean, leaseMs: number, timeoutMs: number): { raw: Promise<unknown>; reply: Promise<AttemptReply> } {
    const k = this.#keys;
    const raw = this.#run(SCRIPTS.acquire, [k.writer, k.readers, k.queue, k.queueExpiry, k.fence], [owner, exclusive ? 'x' : 's', String(leaseMs)]);
    const reply = this.#within(raw, timeoutMs).then((value) => parseAttempt(value, this.endpoint));
    return { raw, reply };
  }

  /** Extends `owner`'s lease: true if it still held the lock. */
  async renew(owner: string, exclusive: boolean, leaseMs: number, timeoutMs: number): Promise<boolean> {
    const k = this.#keys;
    const reply = await this.#within(this.#run(SCRIPTS.renew, [k.writer, k.readers], [owner, exclusive ? 'x' : 's', String(leaseMs)]), timeoutMs);
    return reply === 1;
  }

  /** Passes `owner`'s exclusive hold to `next`: its new token, or undefined when `owner` no longer held the lock. */
  handOver(owner: string, next: string, leaseMs: number, timeoutMs: number): Promise<number | undefined> {
    const k = this.#keys;
    return this.#within(this.#run(SCRIPTS.handOver, [k.writer, k.readers, k.queue, k.queueExpiry, k.fence], [owner, next, String(leaseMs)]), timeoutMs).then((reply) =>
      typeof reply === 'number' && reply > 0 ? reply : undefined,
    );
  }

  /** Drops whatever `owner` has (hold or queued intent): true if it held the lock until now. */
  release(owner: string, timeoutMs: number): Promise<boolean> {
    const k = this.#keys;
    return this.#within(this.#run(SCRIPTS.release, [k.writer, k.readers, k.queue, k.queueExpiry], [owner, k.channel]), timeoutMs).then((reply) => reply === 1);
  }

  /**
   * Listens to the connection errors of a client the lock created, so a command that fails
   * because the connection is down reports why (refused, not found, ...), and ioredis does
   * not print them as unhandled. Never done on a user's client (it would change its error
   * handling).
   */
  watchErrors(client: Redis): void {
    client.on('error', (error: unknown) => {
      this.#connectionError = error;
    });
    client.on('ready', () => {
      this.#connectionError = undefined;
    });
  }

  /** Settles like `promise`, or rejects with {@link LockUnavailableError} after `timeoutMs`; client errors are typed. */
  #within<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new LockUnavailableError(this.endpoint, `no reply within ${Math.round(timeoutMs)} ms`));
      }, Math.max(1, timeoutMs));
      promise.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(redisFailure(this.endpoint, error, this.#connectionError));
        },
      );
    });
  }

  #run(s: Script, keys: readonly string[], args: readonly string[]): Promise<unknown> {
    return this.#client.evalsha(s.sha, keys.length, ...keys, ...args).catch((error: unknown) => {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return this.#client.eval(s.source, keys.length, ...keys, ...args);
    });
  }
}

function parseAttempt(reply: unknown, endpoint: string): AttemptReply {
  if (Array.isArray(reply) && reply.length === 2) {
    const [granted, value] = reply as [unknown, unknown];
    if (granted === 1 && typeof value === 'number') return { granted: true, token: value };
    if (granted === 0 && typeof value === 'number') return { granted: false, hintMs: value };
  }
  throw new LockUnavailableError(endpoint, 'unexpected reply to the acquire script (is this a Redis server?)');
}
