import type { LockStrategy } from '@soni/core';
import { describe, expectTypeOf, it } from 'vitest';
import { createLock, lockFromEnv } from './index';
import type { LockConfig, LockKind , MutexLock, NoopLock, ReadWriteLock} from './index';

describe('createLock types', () => {
  it('narrows the strategy by kind, from a string or a config object', () => {
    expectTypeOf(createLock('mutex')).toEqualTypeOf<MutexLock>();
    expectTypeOf(createLock('rwlock')).toEqualTypeOf<ReadWriteLock>();
    expectTypeOf(createLock({ kind: 'none' })).toEqualTypeOf<NoopLock>();
    expectTypeOf(createLock({ kind: 'rwlock', timeoutMs: 500, reentrant: true })).toEqualTypeOf<ReadWriteLock>();
  });

  it('accepts a kind only known at run time, and every strategy is a LockStrategy', () => {
    const kind = 'mutex' as LockKind;
    expectTypeOf(createLock(kind)).toExtend<LockStrategy>();
    expectTypeOf(lockFromEnv()).toExtend<LockStrategy>();
    expectTypeOf<MutexLock>().toExtend<LockStrategy>();
    expectTypeOf<LockConfig['kind']>().toEqualTypeOf<LockKind>();
  });

  it('rejects unknown kinds and fields at compile time', () => {
    // @ts-expect-error not a lock kind
    createLock('semaphore');
    // @ts-expect-error unknown field
    createLock({ kind: 'mutex', timeout: 5 });
  });
});
