import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isPlainRecord } from '@soni/core';
import { WorkerConfigError, WorkerModuleError } from './errors';

/** Where a worker action's code is: a module and one of its exports. */
export interface WorkerActionSpec {
  /**
   * The module, as a `URL` (`new URL('./resize.js', import.meta.url)`), a `file:` or `data:`
   * URL string, or an absolute path. A relative or bare specifier is refused: the worker
   * thread would resolve it from this package's folder, not from yours. The module may be
   * ESM or CommonJS; a new version is a new URL (`?v=2`, a new file).
   */
  module: URL | string;
  /**
   * The exported function to call, as `(inputs, context) => result`.
   * @default 'default'
   */
  export?: string;
}

/** A checked {@link WorkerActionSpec}: the module's URL as text, and the export's name. */
export interface ModuleTarget {
  readonly module: string;
  readonly exportName: string;
}

const SPEC_KEYS: readonly string[] = ['module', 'export'];
const EXPORT_NAME = /^[\p{L}\p{Nl}$_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}$\u200c\u200d]*$/u;

/**
 * Checks a spec at the boundary: `WorkerConfigError` for a bad shape, `WorkerModuleError`
 * (`not-found`) for a `file:` module that does not exist.
 */
export function readModuleTarget(spec: unknown): ModuleTarget {
  if (!isPlainRecord(spec)) throw new WorkerConfigError('action', spec, "an object such as { module: new URL('./resize.js', import.meta.url), export: 'resize' }");
  for (const key of Object.keys(spec)) {
    if (!SPEC_KEYS.includes(key)) throw new WorkerConfigError('action key', key, `one of ${SPEC_KEYS.join(', ')}`);
  }
  const exportName: unknown = spec.export ?? 'default';
  if (typeof exportName !== 'string' || !EXPORT_NAME.test(exportName)) {
    throw new WorkerConfigError('export', exportName, "the name of an exported function, such as 'resize'");
  }
  const url = moduleUrl(spec.module);
  if (url.protocol === 'file:' && !existsSync(fileURLToPath(url))) {
    throw new WorkerModuleError(url.href, exportName, 'not-found', `no such file: ${fileURLToPath(url)}`);
  }
  return { module: url.href, exportName };
}

function moduleUrl(module: unknown): URL {
  const expected = "a URL (new URL('./resize.js', import.meta.url)), a file: or data: URL string, or an absolute path";
  let url: URL;
  if (module instanceof URL) url = module;
  else if (typeof module === 'string' && /^(?:file|data):/i.test(module)) {
    try {
      url = new URL(module);
    } catch (error) {
      throw new WorkerConfigError('module', module, expected, { cause: error });
    }
  } else if (typeof module === 'string' && isAbsolute(module)) url = pathToFileURL(module);
  else throw new WorkerConfigError('module', module, expected);
  if (url.protocol !== 'file:' && url.protocol !== 'data:') throw new WorkerConfigError('module', url.href, expected);
  return url;
}
