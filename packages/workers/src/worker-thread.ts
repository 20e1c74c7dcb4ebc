/**
 * The script every pool thread runs (piscina's `filename`, export `runWorkerTask`): it imports
 * the action's module (once per URL and thread), calls the export with the inputs and a
 * context, and answers with the result or a failure described as data. It imports nothing
 * from `@soni/core`, so a new thread loads only this file.
 *
 * @packageDocumentation
 */
import { fileURLToPath } from 'node:url';
import { UNSURE, cloneRefusal, inspectClone } from './clone-check';
import { serializeError } from './remote-error';
import type { WorkerReply, WorkerTask } from './worker-protocol';

type ModuleNamespace = Record<string, unknown>;

// One import per URL and thread: a new version of a module is a new URL (`?v=2`, a new file),
// so executions that started on the old URL keep the old code and new ones load the new.
const modules = new Map<string, Promise<ModuleNamespace>>();
// The namespaces already loaded, read without an await on the hot path.
const loaded = new Map<string, ModuleNamespace>();

// The calling thread stops a cancelled task by terminating this thread, so the signal an
// action sees here never needs to abort.
const NEVER_ABORTED = new AbortController().signal;

function load(url: string): Promise<ModuleNamespace> {
  let loading = modules.get(url);
  if (loading === undefined) {
    loading = import(url) as Promise<ModuleNamespace>;
    modules.set(url, loading);
    loading.then(
      (namespace) => loaded.set(url, namespace),
      // A failed import is not kept: a module fixed on disk under the same URL can load later.
      () => modules.delete(url),
    );
  }
  return loading;
}

function isMissingModule(error: unknown, url: string): boolean {
  if ((error as { code?: unknown } | null)?.code !== 'ERR_MODULE_NOT_FOUND') return false;
  if (!url.startsWith('file:')) return false;
  return (error as Error).message.includes(fileURLToPath(url));
}

function describeExport(value: unknown): string {
  if (value === undefined) return 'the module has no such export';
  return `the export is not a function (${value === null ? 'null' : typeof value})`;
}

/**
 * Runs one task; never throws for what the action does (a throw here would end the thread).
 * Synchronous when the module is loaded and the action returns a plain value: piscina awaits
 * what this returns, and every promise hop here is paid by every call.
 */
export function runWorkerTask(task: WorkerTask): WorkerReply | Promise<WorkerReply> {
  const namespace = loaded.get(task.module);
  if (namespace === undefined) return loadThenRun(task);
  return call(namespace, task);
}

async function loadThenRun(task: WorkerTask): Promise<WorkerReply> {
  let namespace: ModuleNamespace;
  try {
    namespace = await load(task.module);
  } catch (error) {
    return { ok: false, failure: isMissingModule(error, task.module) ? 'not-found' : 'load', error: serializeError(error) };
  }
  return call(namespace, task);
}

function call(namespace: ModuleNamespace, task: WorkerTask): WorkerReply | Promise<WorkerReply> {
  const fn = namespace[task.exportName];
  if (typeof fn !== 'function') return { ok: false, failure: 'export', found: describeExport(fn) };
  let result: unknown;
  try {
    const context = { action: task.action, signal: NEVER_ABORTED, fencingToken: task.fencingToken, abortable: false };
    result = (fn as (inputs: unknown, context: unknown) => unknown)(task.inputs, context);
  } catch (error) {
    return { ok: false, failure: 'threw', error: serializeError(error) };
  }
  if (isThenable(result)) {
    return Promise.resolve(result).then(reply, (error: unknown): WorkerReply => ({ ok: false, failure: 'threw', error: serializeError(error) }));
  }
  return reply(result);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

// Checked here: a value the clone algorithm refuses would otherwise end this thread when the
// pool posts the reply, and reach the caller as an empty object. Plain data costs a walk; only
// an object of another class is test-cloned.
function reply(result: unknown): WorkerReply {
  const problem = inspectClone(result);
  if (problem === undefined) return { ok: true, result };
  if (problem !== UNSURE) return { ok: false, failure: 'result', path: problem.path, found: problem.found };
  const refusal = cloneRefusal(result);
  return refusal === undefined ? { ok: true, result } : { ok: false, failure: 'result', path: undefined, found: refusal };
}
