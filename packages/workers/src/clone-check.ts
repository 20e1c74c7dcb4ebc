/**
 * Finds what the structured clone algorithm would refuse, and where, so that a
 * `WorkerCloneError` can name the path (`options.onDone`) instead of only "could not be cloned",
 * and so that a pool thread never posts a result that would end it.
 *
 * @packageDocumentation
 */

/** Where a value that cannot cross threads was found, and what it is. */
export interface CloneProblem {
  /** `(root)`, `user.tags[2]`, `cache.get('a')`. */
  readonly path: string;
  /** `a function 'onDone'`, `a symbol Symbol(id)`, `a WeakMap`. */
  readonly found: string;
}

/** The walk met an object it does not know (a class instance, a host object): ask the clone algorithm. */
export const UNSURE = 'unsure';

const MAX_DEPTH = 64;

// Objects the clone algorithm copies whole, without looking at properties that could fail.
const LEAVES: readonly (abstract new (...args: never[]) => object)[] = [Date, RegExp, ArrayBuffer, SharedArrayBuffer, Boolean, Number, String];
// Objects it refuses.
const REFUSED: readonly [abstract new (...args: never[]) => object, string][] = [
  [WeakMap, 'a WeakMap'],
  [WeakSet, 'a WeakSet'],
  [WeakRef, 'a WeakRef'],
  [Promise, 'a Promise'],
];

/**
 * The first function, symbol, `WeakMap`, `WeakSet`, `WeakRef` or `Promise` inside `value`
 * (through plain objects, arrays, errors, maps and sets); {@link UNSURE} when it meets an
 * object of another class, whose fate only the clone algorithm knows; `undefined` when the
 * value can be cloned. Plain data costs a walk, no copy. Cycles are followed once.
 */
export function inspectClone(value: unknown): CloneProblem | typeof UNSURE | undefined {
  if (isFlatRecord(value)) return undefined;
  return walk(value, '', new Set(), 0);
}

/** The common case, checked without allocating: a plain object of primitive values. */
function isFlatRecord(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) return false;
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key];
    if (typeof item === 'object' ? item !== null : typeof item === 'function' || typeof item === 'symbol') return false;
  }
  return true;
}

function walk(value: unknown, path: string, seen: Set<object>, depth: number): CloneProblem | typeof UNSURE | undefined {
  if (typeof value === 'function') {
    const name = (value as { name?: unknown }).name;
    return { path: path || '(root)', found: `a function${typeof name === 'string' && name !== '' ? ` '${name}'` : ''}` };
  }
  if (typeof value === 'symbol') return { path: path || '(root)', found: `a symbol ${value.toString()}` };
  if (typeof value !== 'object' || value === null || seen.has(value)) return undefined;
  if (depth > MAX_DEPTH) return UNSURE;
  seen.add(value);
  if (Array.isArray(value)) return walkEntries(value.entries(), (index) => `${path}[${String(index)}]`, seen, depth);
  if (ArrayBuffer.isView(value) || LEAVES.some((type) => value instanceof type)) return undefined;
  for (const [type, found] of REFUSED) if (value instanceof type) return { path: path || '(root)', found };
  if (value instanceof Map) {
    for (const [key, item] of value as Map<unknown, unknown>) {
      const problem = walk(key, `${path || '(root)'} (a Map key)`, seen, depth + 1) ?? walk(item, `${path}.get(${describeKey(key)})`, seen, depth + 1);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  if (value instanceof Set) return walkEntries([...(value as Set<unknown>)].entries(), () => `${path || '(root)'} (a Set entry)`, seen, depth);
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null && !(value instanceof Error)) return UNSURE;
  for (const key of Object.keys(value)) {
    const problem = walk((value as Record<string, unknown>)[key], path === '' ? key : `${path}.${key}`, seen, depth + 1);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function walkEntries(
  entries: Iterable<[number, unknown]>,
  pathOf: (index: number) => string,
  seen: Set<object>,
  depth: number,
): CloneProblem | typeof UNSURE | undefined {
  for (const [index, item] of entries) {
    const problem = walk(item, pathOf(index), seen, depth + 1);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function describeKey(key: unknown): string {
  return typeof key === 'string' ? `'${key}'` : String(key);
}

/** Whether the clone algorithm refuses `value`, and its message. */
export function cloneRefusal(value: unknown): string | undefined {
  try {
    structuredClone(value);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
