import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { errorBrand } from '@soni/core';
import { LoggerConfigError, LoggerDependencyError } from './errors';
import { loadPino } from './load-pino';

function moduleNotFound(id: string): never {
  throw Object.assign(new Error(`Cannot find module '${id}'\nRequire stack:\n- /app/index.js`), { code: 'MODULE_NOT_FOUND' });
}

describe('loadPino', () => {
  it('loads the installed pino', () => {
    const factory = loadPino();
    expect(factory({ level: 'warn' }).isLevelEnabled?.('info')).toBe(false);
  });

  it('accepts a module that is itself the factory, even without a default export', () => {
    const factory = (): never => {
      throw new Error('not called');
    };
    expect(loadPino(() => factory)).toBe(factory);
  });

  it('accepts a module whose function is its default export', () => {
    expect(loadPino(() => ({ default: pino }))).toBe(pino);
  });

  it('says what to install when pino is missing, with the loading error as cause', () => {
    let error: unknown;
    try {
      loadPino(moduleNotFound);
    } catch (caught) {
      error = caught;
    }
    expect(LoggerDependencyError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'LOGGER_DEPENDENCY', dependency: 'pino', name: 'LoggerDependencyError' });
    const { message, cause } = error as Error;
    expect(message).toContain("Install it with 'pnpm add pino'");
    expect(message).toContain("(Cannot find module 'pino')");
    expect(message).toContain("createLogger({ kind: 'pino', instance })");
    expect((cause as { code: string }).code).toBe('MODULE_NOT_FOUND');
  });

  it('rejects a module that is not pino', () => {
    expect(() => loadPino(() => ({ notPino: true }))).toThrow(LoggerDependencyError);
    for (const loaded of [null, { default: 'pino' }, 'pino']) {
      expect(() => loadPino(() => loaded)).toThrow("createLogger: the module 'pino' that was loaded does not export a function");
      expect(() => loadPino(() => loaded)).toThrow(expect.objectContaining({ dependency: 'pino' }));
    }
  });

  it('quotes a loading failure that is not an Error as it is', () => {
    expect(() =>
      loadPino(() => {
        throw 'no pino here' as unknown as Error;
      }),
    ).toThrow('could not be loaded (no pino here). ');
  });
});

describe('logging errors', () => {
  it('are recognised by their brand, each only as itself', () => {
    const config = new LoggerConfigError('bad option', { cause: 'why' });
    const dependency = new LoggerDependencyError('pino', 'missing');
    expect(config).toMatchObject({ name: 'LoggerConfigError', code: 'LOGGER_CONFIG', message: 'bad option', cause: 'why' });
    expect(LoggerConfigError.isInstance(config)).toBe(true);
    expect(LoggerConfigError.isInstance(dependency)).toBe(false);
    expect(LoggerDependencyError.isInstance(dependency)).toBe(true);
    expect(LoggerDependencyError.isInstance(config)).toBe(false);
    expect(LoggerDependencyError.isInstance(new Error('missing'))).toBe(false);
  });

  it('recognise an error marked by another copy of the package, through the shared brand names', () => {
    const fromOtherCopy = new Error('config');
    errorBrand('@soni/logging.error.LoggerConfigError').mark(fromOtherCopy);
    expect(LoggerConfigError.isInstance(fromOtherCopy)).toBe(true);
    const dependencyFromOtherCopy = new Error('dependency');
    errorBrand('@soni/logging.error.LoggerDependencyError').mark(dependencyFromOtherCopy);
    expect(LoggerDependencyError.isInstance(dependencyFromOtherCopy)).toBe(true);
  });
});
