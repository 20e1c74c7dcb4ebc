import { AsyncLocalStorage } from 'node:async_hooks';
import { describe, expect, it } from 'vitest';
import { lockHolds } from './lock-holds';

describe('hold tracking', () => {
  it('uses one storage per process, under a global key every copy of the package finds, that nothing can replace', () => {
    const key = Symbol.for('@soni/core.lock-holds.v1');
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, key);
    expect(descriptor?.value).toBeInstanceOf(AsyncLocalStorage);
    expect(descriptor).toMatchObject({ writable: false, enumerable: false, configurable: false });
  });

  it('finds the innermost active hold of a lock along the chain, and none of another lock', () => {
    const a = {};
    const b = {};
    const outer = { lock: a, mode: 'exclusive' as const, parent: undefined, active: true };
    const middle = { lock: b, mode: 'shared' as const, parent: outer, active: true };
    const inner = { lock: a, mode: 'shared' as const, parent: middle, active: false };
    expect(lockHolds.find(inner, a)).toBe(outer);
    expect(lockHolds.find(inner, b)).toBe(middle);
    expect(lockHolds.find(inner, {})).toBeUndefined();
    expect(lockHolds.run(middle, (x: number) => [x, lockHolds.current()], 1)).toEqual([1, middle]);
    expect(lockHolds.current()).toBeUndefined();
  });
});
