import { describe, expect, it } from 'vitest';
import { parseArgs } from './cli-args';

describe('parseArgs', () => {
  it('defaults to a full run that writes its files and checks nothing', () => {
    expect(parseArgs([])).toEqual({ check: false, quick: false, only: [], write: true, help: false });
  });

  it('reads every flag, skipping the -- that pnpm passes through', () => {
    expect(parseArgs(['--', '--check', '--quick', '--no-write', '--only', 'lookup,logging', '--only=execute'])).toEqual({
      check: true,
      quick: true,
      only: ['lookup', 'logging', 'execute'],
      write: false,
      help: false,
    });
  });

  it('rejects an unknown flag and an --only without a value', () => {
    expect(() => parseArgs(['--chek'])).toThrow(/unknown argument '--chek'/);
    expect(() => parseArgs(['--only'])).toThrow(/needs a scenario id/);
  });
});
