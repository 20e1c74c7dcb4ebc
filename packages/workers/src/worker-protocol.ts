/**
 * What the calling thread and a pool thread send each other. Types only: the worker script
 * imports nothing from `@soni/core`, so a thread starts with the least code to load.
 *
 * @packageDocumentation
 */

/** One execution, as posted to a pool thread. */
export interface WorkerTask {
  /** The module's URL (`file:` or `data:`), as given to `import()`. */
  readonly module: string;
  /** The export to call. */
  readonly exportName: string;
  /** The name the action was executed under (`context.action` in the worker). */
  readonly action: string;
  /** The validated inputs. */
  readonly inputs: unknown;
  /** The lock hold's fencing token, when the scope's lock issues them. */
  readonly fencingToken: number | undefined;
}

/** An error as it crosses threads: what is needed to rebuild it in the caller. */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly stack: string | undefined;
  /** A string or number `code`, when the error had one (`ENOENT`, `ERR_...`). */
  readonly code: string | number | undefined;
}

/** The thread's answer. Failures that the worker can name come back as data, not as a throw. */
export type WorkerReply =
  | { readonly ok: true; readonly result: unknown }
  | { readonly ok: false; readonly failure: 'threw'; readonly error: SerializedError }
  | { readonly ok: false; readonly failure: 'not-found' | 'load'; readonly error: SerializedError }
  | { readonly ok: false; readonly failure: 'export'; readonly found: string }
  | { readonly ok: false; readonly failure: 'result'; readonly path: string | undefined; readonly found: string };

/** The name of the function the worker script exports (piscina's `name` option). */
export const WORKER_ENTRY = 'runWorkerTask';
