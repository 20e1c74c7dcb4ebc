/**
 * What runs in each child of `runInProcesses`, and how the parent starts it and reads it.
 *
 * @packageDocumentation
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** What a child sends its parent. */
export type ChildMessage =
  | { type: 'ready' }
  | { type: 'progress'; message: unknown }
  | { type: 'done'; value: unknown; startedAt: number; finishedAt: number }
  | { type: 'failed'; phase: 'load' | 'run'; error: { name: string; message: string; stack?: string; code?: unknown } };

/*
 * What each child runs (`node -e`, CommonJS, so it needs no file and works from both builds):
 * import the module, report ready, wait for the parent's start message (the barrier), run,
 * report, exit.
 */
export const BOOTSTRAP = `
'use strict';
const post = (message, then) => process.send(message, undefined, {}, then);
const serialize = (error) => error instanceof Error
  ? { name: error.name, message: error.message, stack: error.stack, code: error.code }
  : { name: 'NonError', message: String(error) };
const { moduleUrl, exportName, index, count } = JSON.parse(process.env.SONI_PROCESS_TASK);
let started;
const start = new Promise((resolve) => { started = resolve; });
process.on('message', (message) => { if (message && message.type === 'start') started(message.data); });
(async () => {
  let task;
  try {
    task = (await import(moduleUrl))[exportName];
    if (typeof task !== 'function') throw new TypeError('the module ' + moduleUrl + ' has no exported function ' + JSON.stringify(exportName));
  } catch (error) {
    post({ type: 'failed', phase: 'load', error: serialize(error) }, () => process.exit(1));
    return;
  }
  post({ type: 'ready' });
  const data = await start;
  const startedAt = performance.timeOrigin + performance.now();
  const send = (message) => post({ type: 'progress', message });
  try {
    const value = await task({ index, count, data, send });
    post({ type: 'done', value, startedAt, finishedAt: performance.timeOrigin + performance.now() }, () => process.exit(0));
  } catch (error) {
    post({ type: 'failed', phase: 'run', error: serialize(error) }, () => process.exit(1));
  }
})();
`;

/** Rebuilds a child's error on this side: an `Error` with the original name, message, stack and code. */
export function revive(serialized: { name: string; message: string; stack?: string; code?: unknown }): Error {
  const error = new Error(serialized.message);
  error.name = serialized.name;
  if (serialized.stack !== undefined) error.stack = serialized.stack;
  if (serialized.code !== undefined) Object.assign(error, { code: serialized.code });
  return error;
}

/** `--import` of tsx's loader, resolved from `resolveFrom`, so the child can import `.ts`. */
export function tsxImport(resolveFrom: string): string[] {
  const manifestPath = createRequire(join(resolveFrom, 'noop.js')).resolve('tsx/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { exports: Record<string, unknown> };
  const entry = manifest.exports['.'];
  const loader = typeof entry === 'string' ? entry : './dist/loader.mjs';
  return ['--import', pathToFileURL(join(dirname(manifestPath), loader)).href];
}

