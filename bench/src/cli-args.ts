import { parseArgs as parseCommandLine } from 'node:util';

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

// `--no-write` is an option of its own: `allowNegative` needs Node 22.4.
const OPTIONS = {
  check: { type: 'boolean' },
  quick: { type: 'boolean' },
  only: { type: 'string', multiple: true },
  'no-write': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Parses the command line; throws on an unknown flag so a typo never runs the wrong thing. */
export function parseArgs(argv: readonly string[]): CliOptions {
  // `pnpm bench -- --check` passes the `--` through; node:util would read what follows as positionals.
  const args = argv.filter((arg) => arg !== '--');
  let values;
  try {
    ({ values } = parseCommandLine({ args, options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new Error(`${describeParseError(error)}\n\n${USAGE}`, { cause: error });
  }
  const only = (values.only ?? []).flatMap((value) => value.split(',')).filter((id) => id !== '');
  if (values.only !== undefined && only.length === 0) throw new Error(`--only needs a scenario id\n\n${USAGE}`);
  return { check: values.check ?? false, quick: values.quick ?? false, only, write: values['no-write'] !== true, help: values.help ?? false };
}

function describeParseError(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  const arg = /'([^']*)'/.exec(message ?? '')?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `unknown argument '${arg}'`;
  if (arg.startsWith('--only')) return '--only needs a scenario id';
  return message ?? String(error);
}
