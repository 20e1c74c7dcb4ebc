/*
 * Deliberately broken Redis locks, to show that the cross-process tests catch what they
 * claim to: the naive `SET NX PX` lock many projects start with, with each safeguard of
 * RedisLock removed in turn.
 *
 * - `no-renewal`: a lease, but no watchdog: a function that outlives its lease is not told,
 *   and another process gets in beside it;
 * - `no-lease`: no expiry at all: a holder that dies keeps the lock for ever;
 * - `readers-first`: a read-write lock without writer preference: readers that keep
 *   overlapping starve a writer.
 */
import type { LockHold, LockStrategy } from '@soni/core';
import type { Redis } from 'ioredis';

export type FlawKind = 'no-renewal' | 'no-lease' | 'readers-first';

const RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class FlawedRedisLock implements LockStrategy {
  readonly kind = 'flawed';
  readonly #redis: Redis;
  readonly #key: string;
  readonly #flaw: FlawKind;
  readonly #leaseMs: number;
  #next = 0;

  constructor(redis: Redis, key: string, flaw: FlawKind, leaseMs: number) {
    this.#redis = redis;
    this.#key = key;
    this.#flaw = flaw;
    this.#leaseMs = leaseMs;
  }

  async runExclusive<T>(fn: (hold: LockHold) => T | PromiseLike<T>): Promise<T> {
    const owner = `${String(process.pid)}:${String(++this.#next)}`;
    for (;;) {
      const readers = this.#flaw === 'readers-first' ? Number(await this.#redis.get(`${this.#key}:readers`)) : 0;
      const taken =
        readers === 0 &&
        (this.#flaw === 'no-lease'
          ? await this.#redis.set(`${this.#key}:writer`, owner, 'NX')
          : await this.#redis.set(`${this.#key}:writer`, owner, 'PX', this.#leaseMs, 'NX'));
      if (taken === 'OK') break;
      await sleep(5);
    }
    const fencingToken = await this.#redis.incr(`${this.#key}:fence`);
    try {
      return await fn({ signal: new AbortController().signal, fencingToken });
    } finally {
      await this.#redis.eval(RELEASE, 1, `${this.#key}:writer`, owner);
    }
  }

  async runShared<T>(fn: (hold: LockHold) => T | PromiseLike<T>): Promise<T> {
    if (this.#flaw !== 'readers-first') return this.runExclusive(fn);
    while ((await this.#redis.exists(`${this.#key}:writer`)) === 1) await sleep(5);
    await this.#redis.incr(`${this.#key}:readers`);
    try {
      return await fn({});
    } finally {
      await this.#redis.decr(`${this.#key}:readers`);
    }
  }
}
