import { describe, expect, it } from 'vitest';
import { ActionError, DuplicateActionError, InvalidArgumentError, SoniError, TransactionClosedError, describeValue, errorBrand } from './errors';

describe('errors', () => {
  it('carry a stable code, the action, the cause and their class name', () => {
    const cause = new Error('root');
    const error = new ActionError('EXECUTION_FAILED', 'greet', 'Action execution failed: root', { cause });
    expect(error).toBeInstanceOf(SoniError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'ActionError', code: 'EXECUTION_FAILED', action: 'greet', cause });
    expect(new DuplicateActionError('x', 'local')).toMatchObject({ name: 'DuplicateActionError', code: 'DUPLICATE_ACTION' });
    expect(new InvalidArgumentError('bad')).toBeInstanceOf(TypeError);
    expect(new InvalidArgumentError('bad')).toMatchObject({ name: 'InvalidArgumentError', code: 'INVALID_ARGUMENT' });
  });

  it('lets packages refine the code of InvalidArgumentError in a subclass', () => {
    class ConfigError extends InvalidArgumentError {
      declare readonly code: 'SOME_CONFIG';
      constructor(message: string) {
        super(message, { code: 'SOME_CONFIG', cause: 'why' });
      }
    }
    const error = new ConfigError('unknown kind');
    expect(error).toMatchObject({ name: 'ConfigError', code: 'SOME_CONFIG', cause: 'why' });
    expect(error).toBeInstanceOf(TypeError);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
  });

  it('isInstance recognises errors from another copy of the package (ESM and CJS loaded together)', () => {
    // A copy of the package has other classes but the same Symbol.for markers.
    const foreign = Object.assign(new Error('from the other copy'), { code: 'NOT_FOUND' });
    Object.defineProperty(foreign, Symbol.for('@soni/core.error.ActionError'), { value: true });
    Object.defineProperty(foreign, Symbol.for('@soni/core.error.SoniError'), { value: true });
    expect(foreign instanceof ActionError).toBe(false);
    expect(ActionError.isInstance(foreign)).toBe(true);
    expect(SoniError.isInstance(foreign)).toBe(true);
    expect(DuplicateActionError.isInstance(foreign)).toBe(false);
  });

  it('isInstance tells the classes apart and rejects non-errors', () => {
    const duplicate = new DuplicateActionError('x', 'global');
    expect(DuplicateActionError.isInstance(duplicate)).toBe(true);
    expect(ActionError.isInstance(duplicate)).toBe(false);
    expect(SoniError.isInstance(duplicate)).toBe(true);
    expect(TransactionClosedError.isInstance(new TransactionClosedError('register'))).toBe(true);
    expect(InvalidArgumentError.isInstance(new TypeError('plain'))).toBe(false);
    for (const value of [null, undefined, 'ActionError', 42, {}]) expect(ActionError.isInstance(value)).toBe(false);
  });

  it('errorBrand marks instances for any copy that uses the same id, and only those', () => {
    const brand = errorBrand('test.error.Quota');
    const sameIdElsewhere = errorBrand('test.error.Quota');
    const other = errorBrand('test.error.Other');
    const error = new Error('quota');
    expect(brand.test(error)).toBe(false);
    brand.mark(error);
    expect(brand.test(error)).toBe(true);
    expect(sameIdElsewhere.test(error)).toBe(true);
    expect(other.test(error)).toBe(false);
    // The mark is not enumerable: it does not show in JSON or spreads of the error.
    expect(Object.keys(error)).toEqual([]);
    for (const value of [null, undefined, 'x', 0]) expect(brand.test(value)).toBe(false);
  });

  it('describeValue names the offending value', () => {
    expect(describeValue('')).toBe("''");
    expect(describeValue('x'.repeat(100))).toBe(`'${'x'.repeat(59)}… (100 characters)'`);
    expect(describeValue(null)).toBe('null');
    expect(describeValue([1])).toBe('an array');
    expect(describeValue(new Map())).toBe('an object (Map)');
    expect(describeValue(function handler() { /* empty */ })).toBe('function handler');
    expect(describeValue(Symbol('s'))).toBe('Symbol(s)');
    expect(describeValue(10n)).toBe('10');
  });
});
