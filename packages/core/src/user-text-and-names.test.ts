import { describe, expect, it } from 'vitest';
import { actionNameProblem, isValidActionName } from './action-names';
import { escapeControlCharacters, userText } from './user-text';

describe('escaping user text', () => {
  it('writes newline, return and tab as their short escapes', () => {
    expect(escapeControlCharacters('a\nb\rc\td')).toBe('a\\nb\\rc\\td');
  });

  it('writes other control characters as \\x escapes up to 0xff, and \\u escapes above', () => {
    expect(escapeControlCharacters('\u0000\u001b[31m\u007f\u009f')).toBe('\\x00\\x1b[31m\\x7f\\x9f');
    expect(escapeControlCharacters('\u2028\u202e\u2066')).toBe('\\u2028\\u202e\\u2066');
  });

  it('keeps text of exactly the limit whole, and cuts one character more with its length', () => {
    expect(userText('abcde', 5)).toBe('abcde');
    expect(userText('abcdef', 5)).toBe('abcd… (6 characters)');
  });
});

describe('action name policy', () => {
  it('tells a blank name from one with whitespace around it', () => {
    expect(actionNameProblem('   ')).toBe("must not be blank, got '   '");
    expect(actionNameProblem(' greet')).toBe("must not start or end with whitespace, got ' greet'");
    expect(actionNameProblem('greet ')).toBe("must not start or end with whitespace, got 'greet '");
    expect(actionNameProblem('greet user')).toBeUndefined();
  });

  it('isValidActionName agrees with the policy', () => {
    expect(isValidActionName('greet')).toBe(true);
    for (const name of ['', ' ', 'a\nb', 5, undefined, 'x'.repeat(257)]) expect(isValidActionName(name)).toBe(false);
    expect(isValidActionName('x'.repeat(256))).toBe(true);
  });
});
