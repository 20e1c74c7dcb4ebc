import { describe, expect, it } from 'vitest';
import { errorStacks, formatJson, formatPretty, safeStringify } from './format-line';

const at = Date.UTC(2026, 0, 2, 3, 4, 5, 6);

describe('formatPretty', () => {
  it('puts the ISO time first when given, then the padded level, the message and key=value fields', () => {
    expect(formatPretty({ level: 'info', message: 'hello', fields: { a: 1 }, time: at })).toBe('2026-01-02T03:04:05.006Z INFO  hello a=1');
    expect(formatPretty({ level: 'debug', message: 'm', fields: undefined, time: undefined })).toBe('DEBUG m');
    expect(formatPretty({ level: 'warn', message: 'm', fields: {}, time: undefined })).toBe('WARN  m');
    expect(formatPretty({ level: 'error', message: 'm', fields: undefined, time: undefined })).toBe('ERROR m');
  });

  it('quotes only the strings that would be ambiguous, and renders every other kind of value', () => {
    const line = (value: unknown): string => formatPretty({ level: 'info', message: 'm', fields: { v: value }, time: undefined }).slice('INFO  m v='.length);
    expect(line('plain')).toBe('plain');
    expect(line('two words')).toBe('"two words"');
    expect(line('a=b')).toBe('"a=b"');
    expect(line('say "hi"')).toBe('"say \\"hi\\""');
    expect(line('')).toBe('""');
    expect(line('bell\u0007')).toBe('"bell\\u0007"');
    expect(line(1.5)).toBe('1.5');
    expect(line(false)).toBe('false');
    expect(line(10n)).toBe('10');
    expect(line(undefined)).toBe('undefined');
    expect(line(Symbol('s'))).toBe('Symbol(s)');
    expect(line(function named() { return 1; })).toBe('[Function named]');
    expect(line(() => 1)).toBe('[Function anonymous]');
    expect(line(new TypeError('bad input'))).toBe('"TypeError: bad input"');
    expect(line({ n: 1, big: 2n })).toBe('{"n":1,"big":"2"}');
    expect(line(null)).toBe('null');
  });

  it('escapes control characters in the message so one record stays one line', () => {
    expect(formatPretty({ level: 'info', message: 'line1\nline2', fields: undefined, time: undefined })).toBe('INFO  line1\\nline2');
  });
});

describe('errorStacks', () => {
  it('indents every line of every error stack among the fields, and nothing else', () => {
    const error = new Error('boom');
    error.stack = 'Error: boom\n    at a\r\n    at b\rend';
    expect(errorStacks({ error, other: 'x', notAnError: { stack: 'fake' } })).toBe('\n    Error: boom\n        at a\n        at b\n    end');
    expect(errorStacks(undefined)).toBe('');
    expect(errorStacks({ n: 1 })).toBe('');
    const noStack = new Error('x');
    delete noStack.stack;
    expect(errorStacks({ noStack })).toBe('');
    const control = new Error('x');
    control.stack = 'Error: x\u001b[31m';
    expect(errorStacks({ control })).toBe('\n    Error: x\\x1b[31m');
  });
});

describe('formatJson', () => {
  it('starts with time, level and msg, which the fields cannot override', () => {
    expect(formatJson({ level: 'warn', message: 'm', fields: { a: 1, level: 'fake', msg: 'fake', time: 0 }, time: at })).toBe(
      '{"time":"2026-01-02T03:04:05.006Z","level":"warn","msg":"m","a":1}',
    );
    expect(formatJson({ level: 'info', message: 'm', fields: undefined, time: undefined })).toBe('{"level":"info","msg":"m"}');
  });

  it('serialises errors with their type, message, stack, own fields and cause', () => {
    const cause = new Error('root');
    cause.stack = 'root stack';
    const error = Object.assign(new RangeError('outer', { cause }), { code: 'E_OUT' });
    error.stack = 'outer stack';
    const parsed = JSON.parse(formatJson({ level: 'error', message: 'm', fields: { error }, time: undefined })) as Record<string, unknown>;
    expect(parsed.error).toEqual({ type: 'RangeError', message: 'outer', stack: 'outer stack', code: 'E_OUT', cause: { type: 'Error', message: 'root', stack: 'root stack' } });
  });
});

describe('safeStringify', () => {
  it('writes bigints as strings and a lone undefined, function or symbol as null', () => {
    expect(safeStringify({ n: 12345678901234567890n })).toBe('{"n":"12345678901234567890"}');
    expect(safeStringify(undefined)).toBe('null');
    expect(safeStringify(() => 1)).toBe('null');
  });

  it('marks cycles instead of throwing, and gives up only on what cannot be serialised at all', () => {
    const node: Record<string, unknown> = { name: 'a', big: 1n };
    node.self = node;
    expect(safeStringify(node)).toBe('{"name":"a","big":"1","self":"[Circular]"}');
    const shared = { x: 1 };
    const cyclic: Record<string, unknown> = { left: shared };
    cyclic.loop = cyclic;
    // Once the first attempt failed on the cycle, every object seen before is marked.
    expect(safeStringify(cyclic)).toBe('{"left":{"x":1},"loop":"[Circular]"}');
    expect(safeStringify({ toJSON: () => { throw new Error('no'); } })).toBe('"[Unserializable]"');
  });
});
