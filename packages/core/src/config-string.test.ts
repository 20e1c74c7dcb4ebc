import { describe, expect, it } from 'vitest';
import { assertKnownParams, configBoolean, configMilliseconds, parseConfigString } from './config-string';

/** Records what each failure names, so a test can check the part, the value and the expectation. */
class ConfigFailure extends Error {
  constructor(
    readonly part: string,
    readonly value: unknown,
    readonly expected: string,
  ) {
    super(`${part}: ${String(value)} (${expected})`);
  }
}
const fail = (part: string, value: unknown, expected: string): Error => new ConfigFailure(part, value, expected);

function failureOf(run: () => unknown): ConfigFailure {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigFailure) return error;
    throw error;
  }
  throw new Error('expected a ConfigFailure, nothing was thrown');
}

describe('parseConfigString', () => {
  it('reads a bare kind, lower-cased and trimmed, with no parameters', () => {
    const config = parseConfigString('  RWLock  ', fail);
    expect(config.kind).toBe('rwlock');
    expect([...config.params]).toEqual([]);
  });

  it('reads parameters in order, percent-decoded, with the kind trimmed before the ?', () => {
    const config = parseConfigString(' Mutex ?timeoutMs=500&name=a%20b&detectReentrancy=true', fail);
    expect(config.kind).toBe('mutex');
    expect([...config.params]).toEqual([
      ['timeoutMs', '500'],
      ['name', 'a b'],
      ['detectReentrancy', 'true'],
    ]);
  });

  it('keeps a value that itself contains =', () => {
    expect(parseConfigString('console?prefix=a=b', fail).params.get('prefix')).toBe('a=b');
  });

  it('rejects what is not a string, naming the description and an example', () => {
    for (const value of [undefined, null, 42, {}, ['rwlock']]) {
      const failure = failureOf(() => parseConfigString(value, fail));
      expect(failure.part).toBe('description');
      expect(failure.value).toBe(value);
      expect(failure.expected).toMatch(/a string such as 'rwlock'/);
    }
  });

  it('rejects control characters anywhere, naming the whole text', () => {
    const failure = failureOf(() => parseConfigString('rwlock?timeoutMs=5\n00', fail));
    expect([failure.part, failure.value, failure.expected]).toEqual(['description', 'rwlock?timeoutMs=5\n00', 'text without control characters']);
  });

  it('rejects an empty kind, before or without a ?', () => {
    for (const text of ['', '   ', '?timeoutMs=5', '  ?a=b']) {
      const failure = failureOf(() => parseConfigString(text, fail));
      expect(failure.part).toBe('kind');
      expect(failure.value).toBe(text);
    }
  });

  it('rejects a second ?, an empty parameter list, an empty name or value, and a repeated name', () => {
    expect(failureOf(() => parseConfigString('rwlock?a=1?b=2', fail))).toMatchObject({ part: 'parameters', value: 'a=1?b=2' });
    expect(failureOf(() => parseConfigString('rwlock?', fail))).toMatchObject({ part: 'parameters', value: 'rwlock?' });
    expect(failureOf(() => parseConfigString('rwlock?=5', fail))).toMatchObject({ part: 'parameter', value: '=5', expected: "'name=value'" });
    expect(failureOf(() => parseConfigString('rwlock?a=1&&b=2', fail))).toMatchObject({ part: 'parameter', value: '' });
    expect(failureOf(() => parseConfigString('rwlock?timeoutMs', fail))).toMatchObject({ part: 'timeoutMs', value: 'timeoutMs', expected: "a value after 'timeoutMs='" });
    expect(failureOf(() => parseConfigString('rwlock?timeoutMs=', fail))).toMatchObject({ part: 'timeoutMs', value: 'timeoutMs=' });
    expect(failureOf(() => parseConfigString('rwlock?a=1&a=2', fail))).toMatchObject({ part: 'parameter', value: 'a', expected: 'each parameter at most once' });
  });

  it('rejects broken percent-encoding in a name or a value', () => {
    expect(failureOf(() => parseConfigString('rwlock?a%zz=1', fail))).toMatchObject({ part: 'parameter', value: 'a%zz', expected: 'valid percent-encoding' });
    expect(failureOf(() => parseConfigString('rwlock?a=%E0%A4%A', fail))).toMatchObject({ part: 'parameter', value: '%E0%A4%A' });
  });
});

describe('parameter values', () => {
  it('configMilliseconds reads non-negative decimals and names the field otherwise', () => {
    expect(configMilliseconds('0', 'timeoutMs', fail)).toBe(0);
    expect(configMilliseconds('500', 'timeoutMs', fail)).toBe(500);
    expect(configMilliseconds('2.5', 'timeoutMs', fail)).toBe(2.5);
    for (const text of ['-1', '1e3', ' 5', '5 ', '0x10', 'Infinity', '', '.5', '5.', '9'.repeat(400)]) {
      expect(failureOf(() => configMilliseconds(text, 'leaseMs', fail))).toMatchObject({ part: 'leaseMs', value: text, expected: 'a number of milliseconds >= 0, such as 500' });
    }
  });

  it('configBoolean reads exactly true and false', () => {
    expect(configBoolean('true', 'flag', fail)).toBe(true);
    expect(configBoolean('false', 'flag', fail)).toBe(false);
    for (const text of ['TRUE', 'yes', '1', '']) {
      expect(failureOf(() => configBoolean(text, 'flag', fail))).toMatchObject({ part: 'flag', value: text, expected: "'true' or 'false'" });
    }
  });

  it('assertKnownParams passes known names and names the first unknown one with the valid ones', () => {
    expect(() => {
      assertKnownParams(parseConfigString('rwlock?timeoutMs=5', fail), ['timeoutMs', 'mode'], fail);
    }).not.toThrow();
    expect(
      failureOf(() => {
        assertKnownParams(parseConfigString('rwlock?timeoutMs=5&timeoutMS=6&x=1', fail), ['timeoutMs', 'mode'], fail);
      }),
    ).toMatchObject({
      part: 'parameter',
      value: 'timeoutMS',
      expected: "one of 'timeoutMs', 'mode'",
    });
    expect(
      failureOf(() => {
        assertKnownParams(parseConfigString('none?a=1', fail), [], fail);
      }),
    ).toMatchObject({ part: 'parameter', value: 'a', expected: "no parameters for 'none'" });
  });
});
