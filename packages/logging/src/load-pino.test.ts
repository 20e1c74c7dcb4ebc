import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { LoggerDependencyError } from './errors';
import { loadPino } from './load-pino';

function moduleNotFound(id: string): never {
  throw Object.assign(new Error(`Cannot find module '${id}'\nRequire stack:\n- /app/index.js`), { code: 'MODULE_NOT_FOUND' });
}

describe('loadPino', () => {
  it('loads the installed pino', () => {
    const factory = loadPino();
    expect(factory({ level: 'warn' }).isLevelEnabled?.('info')).toBe(false);
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
  });
});
