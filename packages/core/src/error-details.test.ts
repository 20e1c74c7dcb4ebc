import { describe, expect, it } from 'vitest';
import { ActionError, DuplicateActionError, InvalidArgumentError, SoniError, TransactionClosedError, describeValue, functionLabel } from './errors';

const samples = {
  action: new ActionError('NOT_FOUND', 'greet', "Action 'greet' not found"),
  duplicate: new DuplicateActionError('greet', 'local'),
  closed: new TransactionClosedError('register'),
  invalid: new InvalidArgumentError('bad'),
};
const checks = {
  action: (value: unknown) => ActionError.isInstance(value),
  duplicate: (value: unknown) => DuplicateActionError.isInstance(value),
  closed: (value: unknown) => TransactionClosedError.isInstance(value),
  invalid: (value: unknown) => InvalidArgumentError.isInstance(value),
};

describe("core's errors", () => {
  it('each isInstance recognises its own class and no other', () => {
    for (const [name, check] of Object.entries(checks)) {
      for (const [other, error] of Object.entries(samples)) expect(check(error), `${name}.isInstance(${other})`).toBe(name === other);
    }
    expect(SoniError.isInstance(samples.invalid)).toBe(false);
    expect(SoniError.isInstance(samples.duplicate)).toBe(true);
  });

  it('say which name is taken in which scope, and which operation came too late', () => {
    expect(samples.duplicate.message).toBe("Action 'greet' is already registered in the local scope");
    expect([samples.duplicate.action, samples.duplicate.scope, samples.duplicate.code]).toEqual(['greet', 'local', 'DUPLICATE_ACTION']);
    expect(new DuplicateActionError('a\nb', 'global').message).toBe("Action 'a\\nb' is already registered in the global scope");
    expect(samples.closed.message).toBe('Cannot register: the transaction has already ended');
    expect(samples.closed.code).toBe('TRANSACTION_CLOSED');
  });
});

describe('describeValue and functionLabel', () => {
  it('describe every kind of value briefly and safely', () => {
    expect(describeValue(undefined)).toBe('undefined');
    expect(describeValue(10n)).toBe('10');
    expect(describeValue(Symbol('s\nx'))).toBe('Symbol(s\\nx)');
    expect(describeValue(function named() {})).toBe('function named');
    expect(describeValue(new Map())).toBe('an object (Map)');
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('trap');
        },
      },
    );
    expect(describeValue(hostile)).toBe('an object (unknown)');
    const tagThrows = {
      get [Symbol.toStringTag](): string {
        throw new Error('tag');
      },
    };
    expect(describeValue(tagThrows)).toBe('an object (unknown)');
  });

  it('label anonymous functions and ones whose name is not a usable string', () => {
    expect(functionLabel(() => undefined)).toBe('<anonymous>');
    const renamed = function original() {};
    Object.defineProperty(renamed, 'name', { value: 42 });
    expect(functionLabel(renamed)).toBe('<anonymous>');
    expect(functionLabel('not a function')).toBe('<anonymous>');
    Object.defineProperty(renamed, 'name', { value: 'line\nbreak' });
    expect(functionLabel(renamed)).toBe('line\\nbreak');
  });
});
