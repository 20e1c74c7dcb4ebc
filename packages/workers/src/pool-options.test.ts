import { InvalidArgumentError } from '@soni/core';
import { describe, expect, it } from 'vitest';
import { WorkerConfigError, createWorkerPool, parseWorkerPoolConfig, workerPoolFromEnv } from './index';
import { ACTIONS, testPool } from './test-pools.fixture';

function configError(fn: () => unknown): WorkerConfigError {
  try {
    fn();
  } catch (error) {
    if (WorkerConfigError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a WorkerConfigError');
}

describe('pool options', () => {
  it('fill in the defaults: threads on demand, one a core at most, 30 s idle', () => {
    const { maxThreads, minThreads, idleTimeoutMs, resourceLimits } = createWorkerPool().options;
    expect(maxThreads).toBeGreaterThanOrEqual(1);
    expect([minThreads, idleTimeoutMs, resourceLimits]).toEqual([0, 30_000, {}]);
  });

  it('are checked at the boundary, each with a WorkerConfigError naming the field', () => {
    expect(configError(() => createWorkerPool({ maxThreads: 0 })).field).toBe('maxThreads');
    expect(configError(() => createWorkerPool({ maxThreads: 1.5 })).field).toBe('maxThreads');
    expect(configError(() => createWorkerPool({ minThreads: 3, maxThreads: 2 })).message).toBe(
      'Invalid worker minThreads: 3; expected at most maxThreads (2)',
    );
    expect(configError(() => createWorkerPool({ idleTimeoutMs: -1 })).field).toBe('idleTimeoutMs');
    expect(configError(() => createWorkerPool({ resourceLimits: { maxOldGenerationSizeMb: 0 } })).field).toBe(
      'resourceLimits.maxOldGenerationSizeMb',
    );
    expect(configError(() => createWorkerPool({ resourceLimits: { heapMb: 1 } as never })).message).toContain("'heapMb'");
    expect(configError(() => createWorkerPool({ maxthreads: 2 } as never)).message).toBe(
      "Invalid worker pool options key: 'maxthreads'; expected one of maxThreads, minThreads, idleTimeoutMs, resourceLimits, logger",
    );
    expect(configError(() => createWorkerPool({ logger: console.log } as never)).field).toBe('logger');
    const error = configError(() => createWorkerPool([] as never));
    expect([error.code, error instanceof TypeError, InvalidArgumentError.isInstance(error)]).toEqual(['WORKER_CONFIG', true, true]);
  });
});

describe('configuration strings', () => {
  it('read every option, resource limits flat', () => {
    expect(parseWorkerPoolConfig('piscina?maxThreads=2&minThreads=1&idleTimeoutMs=5000&maxOldGenerationSizeMb=64&stackSizeMb=2')).toEqual({
      maxThreads: 2,
      minThreads: 1,
      idleTimeoutMs: 5000,
      resourceLimits: { maxOldGenerationSizeMb: 64, stackSizeMb: 2 },
    });
    expect(parseWorkerPoolConfig(' PISCINA ')).toEqual({});
    expect(createWorkerPool('piscina?maxThreads=3&idleTimeoutMs=100').options).toMatchObject({ maxThreads: 3, idleTimeoutMs: 100 });
  });

  it.each([
    ['tinypool', 'kind'],
    ['piscina?threads=2', 'parameter'],
    ['piscina?maxThreads=two', 'maxThreads'],
    ['piscina?maxThreads=', 'maxThreads'],
    ['piscina?maxThreads=1.5', 'maxThreads'],
    ['piscina?maxOldGenerationSizeMb=-1', 'maxOldGenerationSizeMb'],
  ])('%s: WorkerConfigError naming %s', (text, field) => {
    expect(configError(() => createWorkerPool(text)).field).toBe(field);
  });

  it('come from SONI_WORKERS; unset or blank gives the defaults; a bad one names the variable', () => {
    expect(workerPoolFromEnv({ SONI_WORKERS: 'piscina?maxThreads=1' }).options.maxThreads).toBe(1);
    expect(workerPoolFromEnv({ POOL: 'piscina?maxThreads=2' }, 'POOL').options.maxThreads).toBe(2);
    expect(workerPoolFromEnv({}).options.minThreads).toBe(0);
    expect(workerPoolFromEnv({ SONI_WORKERS: '  ' }).options.minThreads).toBe(0);
    const error = configError(() => workerPoolFromEnv({ SONI_WORKERS: 'piscina?maxThreads=0' }));
    expect(error.field).toBe('SONI_WORKERS (maxThreads)');
    expect(WorkerConfigError.isInstance(error.cause)).toBe(true);
    expect(configError(() => workerPoolFromEnv(null as never)).field).toBe('environment');
    expect(configError(() => workerPoolFromEnv({}, '')).field).toBe('variable name');
  });

  it('a pool from a string runs actions with its limits', async () => {
    const pool = testPool('piscina?maxThreads=1&maxOldGenerationSizeMb=64');
    const double = pool.action({ module: ACTIONS, export: 'double' });
    expect(await double({ n: 2 }, { action: 'double', signal: new AbortController().signal })).toEqual({ doubled: 4 });
    expect(pool.options.resourceLimits).toEqual({ maxOldGenerationSizeMb: 64 });
  });
});
