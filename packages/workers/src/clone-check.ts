/**
 * Finds what the structured clone algorithm would refuse, and where, so that a
 * `WorkerCloneError` can name the path (`options.onDone`) instead of only "could not be cloned".
 *
 * @packageDocumentation
 */

/** Where a value that cannot cross threads was found, and what it is. */
export interface CloneProblem {
  /** `(root)`, `user.tags[2]`, `Map value`. */
  readonly path: string;
  /** `a function 'onDone'`, `a symbol Symbol(id)`. */
  readonly found: string;
}

const MAX_DEPTH = 64;

/**
 * The first function or symbol inside `value` (own enumerable properties of plain objects and
 * arrays, and the entries of maps and sets), or `undefined`. Typed arrays, buffers and other
 * leaves are not walked: the clone algorithm copies them whole. Cycles are followed once.
 */
export function findUncloneable(value: unknown): CloneProblem | undefined {
  return walk(value, '', new Set(), 0);
}

function walk(value: unknown, path: string, seen: Set<object>, depth: number): CloneProblem | undefined {
  if (typeof value === 'function') {
    const name = (value as { name?: unknown }).name;
    return { path: path || '(root)', found: `a function${typeof name === 'string' && name !== '' ? ` '${name}'` : ''}` };
  }
  if (typeof value === 'symbol') return { path: path || '(root)', found: `a symbol ${value.toString()}` };
  if (typeof value !== 'object' || value === null || seen.has(value) || depth > MAX_DEPTH || ArrayBuffer.isView(value)) return undefined;
  seen.add(value);
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const problem = walk(value[index], `${path}[${String(index)}]`, seen, depth + 1);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  if (value instanceof Map) {
    for (const [key, item] of value as Map<unknown, unknown>) {
      const problem = walk(key, `${path || '(root)'} (a Map key)`, seen, depth + 1) ?? walk(item, `${path}.get(${describeKey(key)})`, seen, depth + 1);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  if (value instanceof Set) {
    for (const item of value as Set<unknown>) {
      const problem = walk(item, `${path || '(root)'} (a Set entry)`, seen, depth + 1);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return undefined;
  for (const key of Object.keys(value)) {
    const problem = walk((value as Record<string, unknown>)[key], path === '' ? key : `${path}.${key}`, seen, depth + 1);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function describeKey(key: unknown): string {
  return typeof key === 'string' ? `'${key}'` : String(key);
}
