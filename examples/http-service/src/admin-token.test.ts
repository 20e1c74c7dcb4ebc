// Fails on the service before the hardening (commit df7dac6): there was no admin token.
import * as crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { InvalidArgumentError } from '@soni/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { adminTokenFromEnv, bearerTokenCheck } from './admin-token';

vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof crypto>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

const TOKEN = 'k'.repeat(32);
const withAuthorization = (authorization: string): Pick<IncomingMessage, 'headers'> => ({ headers: { authorization } });

afterEach(() => {
  vi.mocked(crypto.timingSafeEqual).mockClear();
});

describe('bearerTokenCheck', () => {
  // A plain `===`, or timingSafeEqual on the raw strings (which throws on unequal lengths and
  // leaks the length through that), would not pass: every comparison must be two 32-byte digests.
  it.each([1, 31, 32, 33, 5_000])('compares a token of %i characters as two SHA-256 digests in constant time', (length) => {
    const check = bearerTokenCheck(TOKEN);
    const given = length === TOKEN.length ? TOKEN : 'k'.repeat(length);
    const run = (): void => {
      check(withAuthorization(`Bearer ${given}`));
    };
    if (given === TOKEN) expect(run).not.toThrow();
    else expect(run).toThrow('The admin token is not valid');
    expect(crypto.timingSafeEqual).toHaveBeenCalledTimes(1);
    const [left, right] = vi.mocked(crypto.timingSafeEqual).mock.calls[0] as [Buffer, Buffer];
    expect([left.length, right.length]).toEqual([32, 32]);
  });
});

describe('adminTokenFromEnv', () => {
  it('is undefined when SONI_ADMIN_TOKEN is unset or empty', () => {
    expect(adminTokenFromEnv({})).toBeUndefined();
    expect(adminTokenFromEnv({ SONI_ADMIN_TOKEN: '' })).toBeUndefined();
  });

  it('returns a valid token as is', () => {
    expect(adminTokenFromEnv({ SONI_ADMIN_TOKEN: TOKEN })).toBe(TOKEN);
  });

  it('throws InvalidArgumentError for a weak token, naming the variable but not the value', () => {
    const read = (): unknown => adminTokenFromEnv({ SONI_ADMIN_TOKEN: 'hunter2' });
    expect(read).toThrow(InvalidArgumentError);
    expect(read).toThrow(/^SONI_ADMIN_TOKEN must be 16 to 1024 visible ASCII characters without spaces \(got 7 characters\)/);
    expect(read).not.toThrow('hunter2');
  });
});
