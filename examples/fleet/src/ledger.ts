/**
 * The shared resource: a ledger that, like a single-connection device or a legacy API,
 * must see one writer at a time. It lives in Redis (its own keys, beside the lock's) and
 * records what happened to it, so the report can tell overlaps and lost updates apart:
 *
 * - `enter` marks a writer inside; a second writer entering while one is inside is an
 *   overlap;
 * - `commit` writes the balance the writer computed from what it read, with its fencing
 *   token: a token lower than one already seen is a stale holder and is refused.
 */
import type { Redis } from 'ioredis';

const ENTER = `
local inside = redis.call('INCR', KEYS[1])
if inside > 1 then redis.call('INCR', KEYS[2]) end
return inside`;

const COMMIT = `
local highest = tonumber(redis.call('GET', KEYS[3]) or '0')
if tonumber(ARGV[1]) < highest then
  redis.call('INCR', KEYS[4])
  return 0
end
redis.call('SET', KEYS[3], ARGV[1])
redis.call('SET', KEYS[1], ARGV[2])
redis.call('INCR', KEYS[2])
return 1`;

/** The ledger's keys under `prefix`. */
export function ledgerKeys(prefix: string) {
  return {
    inside: `${prefix}:inside`,
    overlaps: `${prefix}:overlaps`,
    balance: `${prefix}:balance`,
    commits: `${prefix}:commits`,
    highestToken: `${prefix}:highest-token`,
    staleRefused: `${prefix}:stale-refused`,
  };
}

/** One replica's connection to the ledger. */
export class Ledger {
  readonly #redis: Redis;
  readonly #keys: ReturnType<typeof ledgerKeys>;

  constructor(redis: Redis, prefix: string) {
    this.#redis = redis;
    this.#keys = ledgerKeys(prefix);
  }

  async enter(): Promise<void> {
    await this.#redis.eval(ENTER, 2, this.#keys.inside, this.#keys.overlaps);
  }

  async leave(): Promise<void> {
    await this.#redis.decr(this.#keys.inside);
  }

  async read(): Promise<number> {
    return Number(await this.#redis.get(this.#keys.balance));
  }

  /** Writes `balance` if `token` is not stale; whether it was accepted. */
  async commit(balance: number, token: number): Promise<boolean> {
    const k = this.#keys;
    return (await this.#redis.eval(COMMIT, 4, k.balance, k.commits, k.highestToken, k.staleRefused, token, balance)) === 1;
  }
}

/** What the ledger saw, read at the end. */
export async function ledgerState(redis: Redis, prefix: string): Promise<{ balance: number; commits: number; overlaps: number; staleRefused: number }> {
  const k = ledgerKeys(prefix);
  const [balance, commits, overlaps, staleRefused] = (await redis.mget(k.balance, k.commits, k.overlaps, k.staleRefused)).map(Number);
  return { balance: balance ?? 0, commits: commits ?? 0, overlaps: overlaps ?? 0, staleRefused: staleRefused ?? 0 };
}
