/** What `pnpm bench` was asked to do. */
export interface CliOptions {
  /** Exit non-zero when a goal is missed. */
  check: boolean;
  /** Fewer, shorter rounds (a smoke run: its files are not the committed figures). */
  quick: boolean;
  /** Only the scenarios whose id contains one of these. */
  only: string[];
  /** Write results.json, RESULTS.md and ratios.svg. */
  write: boolean;
  help: boolean;
}

export const USAGE = `Usage: pnpm bench [--check] [--quick] [--only <scenario>[,<scenario>]] [--no-write]

  --check      exit with status 1 when a ratio misses its goal
  --quick      5 short rounds instead of the full run (about 30 s)
  --only ids   run only the scenarios whose id contains one of the comma-separated ids
  --no-write   print the table only; leave results.json, RESULTS.md and ratios.svg alone
`;

/** Parses the command line; throws on an unknown flag so a typo never runs the wrong thing. */
export function parseArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = { check: false, quick: false, only: [], write: true, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') continue;
    if (arg === '--check') options.check = true;
    else if (arg === '--quick') options.quick = true;
    else if (arg === '--no-write') options.write = false;
    else if (arg === '--help' || arg === '-h') options.help = true;
    else if (arg === '--only' || arg.startsWith('--only=')) {
      const value = arg === '--only' ? argv[++i] : arg.slice('--only='.length);
      if (value === undefined || value === '') throw new Error('--only needs a scenario id');
      options.only.push(...value.split(',').filter((id) => id !== ''));
    } else throw new Error(`unknown argument '${arg}'\n\n${USAGE}`);
  }
  return options;
}
