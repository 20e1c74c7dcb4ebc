/**
 * Where the example finds Redis: `REDIS_URL`, else a server on 127.0.0.1:6379, else one it
 * starts itself from `redis-server` on the PATH (on a free port, nothing persisted). Without
 * any of them the example is skipped.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

export interface RedisEndpoint {
  readonly port: number;
  readonly stop: () => void;
}

async function answers(port: number): Promise<boolean> {
  const client = new Redis({ port, lazyConnect: true, connectTimeout: 500, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.ping();
    return true;
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (typeof address === 'object' && address !== null) resolve(address.port);
        else reject(new Error('no free port'));
      });
    });
  });
}

async function start(): Promise<RedisEndpoint | undefined> {
  const port = await freePort();
  let child: ChildProcess;
  try {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  const failed = new Promise<false>((resolve) => {
    child.once('error', () => {
      resolve(false);
    });
  });
  for (let i = 0; i < 50; i++) {
    const up = await Promise.race([answers(port), failed]);
    if (up) return { port, stop: () => child.kill('SIGKILL') };
    if (child.exitCode !== null || child.signalCode !== null) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  return undefined;
}

/** A Redis server to use, or why there is none. */
export async function findRedis(): Promise<RedisEndpoint | string> {
  const fromEnv = process.env.REDIS_URL;
  const port = fromEnv === undefined ? 6379 : Number(new URL(fromEnv).port || 6379);
  if (await answers(port)) return { port, stop: () => undefined };
  if (fromEnv !== undefined) return `no Redis server answers at ${fromEnv}`;
  return (await start()) ?? 'no Redis server on 127.0.0.1:6379 and no redis-server on the PATH to start one';
}
