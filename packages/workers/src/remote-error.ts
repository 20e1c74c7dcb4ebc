import type { SerializedError } from './worker-protocol';

/**
 * What crosses threads of an error thrown in a worker: name, message, stack and a primitive
 * `code`. The structured clone algorithm would keep the message but turn a custom class
 * (`name: 'QuotaError'`) into a plain `Error`, so the worker sends these fields as data.
 */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) {
    const code: unknown = (error as { code?: unknown }).code;
    return {
      name: error.name,
      message: error.message,
      stack: error.stack,
      code: typeof code === 'string' || typeof code === 'number' ? code : undefined,
    };
  }
  return { name: 'Error', message: `a worker action threw a non-Error value: ${String(error)}`, stack: undefined, code: undefined };
}

/** The error rebuilt in the calling thread: an `Error` with the worker's name, message, stack and code. */
export function rebuildError(serialized: SerializedError): Error {
  const error = new Error(serialized.message);
  // An own property, so `error.name` and the first line of `stack` read as in the worker.
  Object.defineProperty(error, 'name', { value: serialized.name, writable: true, configurable: true });
  if (serialized.stack !== undefined) error.stack = serialized.stack;
  if (serialized.code !== undefined) Object.defineProperty(error, 'code', { value: serialized.code, enumerable: true, writable: true, configurable: true });
  return error;
}
