/*
 * The tasks the cross-process tests run in child processes (runInProcesses of
 * @soni/testing): each process is one replica of a service, with its own lock and clients.
 * `variant` picks the lock: a real RedisLock mode, or a deliberately broken one.
 */
import type { LockHold, LockStrategy } from '@soni/core';
import type { ProcessTaskContext } from '@soni/testing';
import { Redis } from 'ioredis';
import { FlawedRedisLock, type FlawKind } from './flawed-redis-lock.fixture';
import { redisLockFromUrl } from './redis-lock-url';

export type Variant = 'mutex' | 'rwlock' | FlawKind;

export interface FleetData {
  readonly port: number;
  readonly variant: Variant;
  readonly key: string;
  readonly leaseMs: number;
  /** Run the increments in shared mode (a mode that does not exclude). */
  readonly shared?: boolean;
  readonly rounds?: number;
  readonly holdMs?: number;
  readonly durationMs?: number;
  readonly resourcePort?: number;
  readonly handOverWindowMs?: number;
  /** For `writeOnce`: how many other processes must have marked themselves going first. */
  readonly others?: number;
}

/** Marks in Redis that this process holds the lock and keeps going (see `writeOnce`). */
async function markGoing(data: FleetData): Promise<void> {
  const redis = new Redis({ port: data.port });
  await redis.incr(`${data.key}:going`);
  await redis.quit();
}

const clock = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function openLock(data: FleetData): { lock: LockStrategy; close: () => Promise<void> } {
  if (data.variant === 'mutex' || data.variant === 'rwlock') {
    const lock = redisLockFromUrl(`redis://127.0.0.1:${String(data.port)}/0?mode=${data.variant}&key=${data.key}&leaseMs=${String(data.leaseMs)}&commandTimeoutMs=500&connectTimeoutMs=500${data.handOverWindowMs === undefined ? '' : `&handOverWindowMs=${String(data.handOverWindowMs)}`}`);
    return { lock, close: () => lock.close() };
  }
  const redis = new Redis({ port: data.port });
  return { lock: new FlawedRedisLock(redis, data.key, data.variant, data.leaseMs), close: async () => {
      await redis.quit();
    },
  };
}

/** `rounds` read-await-write increments of a counter stored in Redis, under the lock. */
export async function increment({ data }: ProcessTaskContext<FleetData>): Promise<number> {
  const { lock, close } = openLock(data);
  const counter = new Redis({ port: data.port });
  const run = <T>(fn: () => Promise<T>): Promise<T> => (data.shared === true ? lock.runShared(fn) : lock.runExclusive(fn));
  for (let i = 0; i < (data.rounds ?? 0); i++) {
    await run(async () => {
      const value = Number(await counter.get(`${data.key}:counter`));
      await counter.set(`${data.key}:counter`, value + 1);
    });
  }
  await counter.quit();
  await close();
  return data.rounds ?? 0;
}

/** Shared holds of `holdMs`, `rounds` times; returns when each was held. */
export async function read({ data }: ProcessTaskContext<FleetData>): Promise<{ start: number; end: number }[]> {
  const { lock, close } = openLock(data);
  const held: { start: number; end: number }[] = [];
  for (let i = 0; i < (data.rounds ?? 0); i++) {
    await lock.runShared(async () => {
      const start = clock();
      await sleep(data.holdMs ?? 0);
      held.push({ start, end: clock() });
    });
  }
  await close();
  return held;
}

/**
 * Readers that never leave the lock free: a new shared hold (of `holdMs`) is asked for every
 * quarter of `holdMs`, before the earlier ones end, for `durationMs`.
 */
export async function keepReading({ data }: ProcessTaskContext<FleetData>): Promise<number> {
  const { lock, close } = openLock(data);
  const holdMs = data.holdMs ?? 0;
  const until = clock() + (data.durationMs ?? 0);
  const holds: Promise<unknown>[] = [];
  holds.push(lock.runShared(() => markGoing(data).then(() => sleep(holdMs))));
  while (clock() < until) {
    await sleep(holdMs / 4);
    holds.push(lock.runShared(() => sleep(holdMs)));
  }
  await Promise.all(holds);
  await close();
  return holds.length;
}

/**
 * Waits until `others` processes hold the lock and keep going (their marks in Redis), then
 * asks for the lock exclusively; returns how long it waited.
 */
export async function writeOnce({ data }: ProcessTaskContext<FleetData>): Promise<number> {
  const { lock, close } = openLock(data);
  const redis = new Redis({ port: data.port });
  while (Number(await redis.get(`${data.key}:going`)) < (data.others ?? 0)) await sleep(10);
  await redis.quit();
  await sleep(200);
  const asked = clock();
  const waited = await lock.runExclusive(() => clock() - asked);
  await close();
  return waited;
}

/** Takes the lock exclusively again and again, one call after the other, for `durationMs`. */
export async function hogExclusive({ data }: ProcessTaskContext<FleetData>): Promise<number> {
  const { lock, close } = openLock(data);
  const until = clock() + (data.durationMs ?? 0);
  let holds = 0;
  while (clock() < until) {
    await lock.runExclusive(async () => {
      if (holds === 0) await markGoing(data);
      holds += 1;
      await sleep(data.holdMs ?? 0);
    });
  }
  await close();
  return holds;
}

/** Takes the lock, marks it in Redis and says so, and never lets go (the test kills this process). */
export async function holdForever({ data, send }: ProcessTaskContext<FleetData>): Promise<never> {
  const { lock } = openLock(data);
  const redis = new Redis({ port: data.port });
  return lock.runExclusive(async () => {
    await redis.set(`${data.key}:holder-in`, String(process.pid));
    send('holding');
    return new Promise<never>(() => {
      setInterval(() => undefined, 1000);
    });
  });
}

/** Asks for the lock once the holder holds it (its mark is in Redis); returns when it got it (or null after `durationMs`). */
export async function acquireAfter({ data }: ProcessTaskContext<FleetData>): Promise<{ asked: number; acquired: number | null }> {
  const { lock, close } = openLock(data);
  const redis = new Redis({ port: data.port });
  while ((await redis.exists(`${data.key}:holder-in`)) === 0) await sleep(10);
  await redis.quit();
  const asked = clock();
  const acquired = await Promise.race([lock.runExclusive(() => clock()), sleep(data.durationMs ?? 0).then(() => null)]);
  if (acquired !== null) await close();
  return { asked, acquired };
}

/** One exclusive section as the protected resource and the holder saw it. */
export interface Section {
  readonly token: number;
  readonly start: number;
  readonly end: number;
  /** Whether the hold's signal had aborted (the holder was told its lease was lost). */
  readonly told: boolean;
  /** Whether the resource accepted both of the section's writes. */
  readonly accepted: boolean;
}

// The protected resource: accepts a write only with a token at least as high as any it saw.
const FENCED_WRITE = `
local highest = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) < highest then return 0 end
redis.call('SET', KEYS[1], ARGV[1])
return 1`;

/**
 * Exclusive sections of `holdMs` with two fenced writes each, for `durationMs`; errors are
 * counted by code. Sends `{ entered }` as each section starts.
 */
export async function fencedLoad({ data, send }: ProcessTaskContext<FleetData>): Promise<{ sections: Section[]; errors: Record<string, number> }> {
  const { lock, close } = openLock(data);
  const resource = new Redis({ port: data.resourcePort ?? 0 });
  const write = async (token: number): Promise<boolean> => (await resource.eval(FENCED_WRITE, 1, `${data.key}:highest`, token)) === 1;
  const sections: Section[] = [];
  const errors: Record<string, number> = {};
  const until = clock() + (data.durationMs ?? 0);
  while (clock() < until) {
    try {
      await lock.runExclusive(async (hold?: LockHold) => {
        const token = hold?.fencingToken ?? 0;
        const start = clock();
        const first = await write(token);
        send({ entered: clock() });
        await sleep(data.holdMs ?? 0);
        const second = await write(token);
        sections.push({ token, start, end: clock(), told: hold?.signal?.aborted === true, accepted: first && second });
      });
    } catch (error) {
      const code = (error as { code?: string }).code ?? (error as Error).name;
      errors[code] = (errors[code] ?? 0) + 1;
      await sleep(20);
    }
  }
  await resource.quit();
  await close();
  return { sections, errors };
}

const TASKS = { increment, read, keepReading, writeOnce, hogExclusive, holdForever, acquireAfter, fencedLoad } as const;

/** Runs the task `data.roles[index]`: processes of one run playing different parts. */
export function byRole(context: ProcessTaskContext<FleetData & { roles: (keyof typeof TASKS)[] }>): Promise<unknown> {
  const role = context.data.roles[context.index];
  if (role === undefined) throw new Error(`no role for process ${String(context.index)}`);
  return TASKS[role](context);
}
