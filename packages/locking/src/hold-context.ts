import { AsyncLocalStorage } from 'node:async_hooks';
import type { LockMode } from './errors';

/**
 * One grant of a lock, as seen from the async context that holds it. Contexts form a chain
 * through `parent` (a lock taken while holding another), so a nested request can find whether
 * its context already holds the lock it asks for.
 */
export interface Hold {
  /** The public lock this hold belongs to (re-entrant children share their root's). */
  readonly root: object;
  /** The engine that granted it: the root's own or a re-entrant child queue. */
  readonly engine: object;
  readonly mode: LockMode;
  /** The hold of the enclosing context, if any. */
  readonly parent: Hold | undefined;
  /** False once released; a context that outlives its hold no longer counts as holding. */
  active: boolean;
  /** The queue that serialises re-entrant children of this hold, created on first use. */
  children: object | undefined;
}

/**
 * One storage for every lock: with Node's async hooks each enabled `AsyncLocalStorage` adds
 * work to every promise created in the process, so the package never creates more than one.
 */
export const holdStorage = new AsyncLocalStorage<Hold>();

/** The innermost active hold of `root` in the chain that starts at `hold`. */
export function findHold(hold: Hold | undefined, root: object): Hold | undefined {
  for (let h = hold; h !== undefined; h = h.parent) {
    if (h.root === root && h.active) return h;
  }
  return undefined;
}
