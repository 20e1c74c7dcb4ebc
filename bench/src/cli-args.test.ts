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
    expect(parseArgs(['-h']).help).toBe(true);
    expect(parseArgs(['--help']).help).toBe(true);
  });

  it('rejects an unknown flag, a stray argument and a flag given a value, with the usage', () => {
    expect(() => parseArgs(['--chek'])).toThrow(/^unknown argument '--chek'\n\nUsage: pnpm bench/);
    expect(() => parseArgs(['lookup'])).toThrow(/^unknown argument 'lookup'/);
    expect(() => parseArgs(['--check=yes'])).toThrow(/'--check' does not take an argument/);
  });

  it('rejects an --only without a scenario id', () => {
    expect(() => parseArgs(['--only'])).toThrow(/^--only needs a scenario id/);
    expect(() => parseArgs(['--only='])).toThrow(/^--only needs a scenario id/);
    expect(() => parseArgs(['--only=,'])).toThrow(/^--only needs a scenario id/);
  });
});
