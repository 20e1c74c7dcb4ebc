import { describe, expect, it } from 'vitest';
import { UNSURE, cloneRefusal, inspectClone } from './clone-check';

describe('inspectClone', () => {
  it('passes plain data, cycles included, without copying it', () => {
    const cyclic: Record<string, unknown> = { n: 1, list: [1, 'a', null, new Date(0), /x/, new Uint8Array(2)], nested: new Map([['k', new Set([1])]]) };
    cyclic.self = cyclic;
    expect(inspectClone(cyclic)).toBeUndefined();
    expect(inspectClone(new Error('fine'))).toBeUndefined();
    expect(inspectClone(Object.create(null))).toBeUndefined();
  });

  it('names the path of a function, a symbol or a refused built-in', () => {
    expect(inspectClone(function named() { return 1; })).toEqual({ path: '(root)', found: "a function 'named'" });
    expect(inspectClone({ a: { b: [0, Symbol('s')] } })).toEqual({ path: 'a.b[1]', found: 'a symbol Symbol(s)' });
    expect(inspectClone({ m: new Map([['key', () => 1]]) })).toEqual({ path: "m.get('key')", found: 'a function' });
    expect(inspectClone({ s: new Set([new WeakSet()]) })).toEqual({ path: 's (a Set entry)', found: 'a WeakSet' });
    expect(inspectClone({ p: Promise.resolve(1) })).toEqual({ path: 'p', found: 'a Promise' });
  });

  it('leaves other classes to the clone algorithm, which cloneRefusal asks', () => {
    class Point {
      x = 1;
    }
    class Handle {
      close = (): void => undefined;
    }
    expect(inspectClone({ at: new Point() })).toBe(UNSURE);
    expect(cloneRefusal({ at: new Point() })).toBeUndefined();
    expect(cloneRefusal({ at: new Handle() })).toMatch(/could not be cloned/);
  });
});
