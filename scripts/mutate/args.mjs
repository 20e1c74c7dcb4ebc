// @ts-check
// Command line of `pnpm mutate`.
import { parseArgs } from 'node:util';

export const USAGE = `Usage: pnpm mutate [options]

Runs StrykerJS once per published package (packages/*), incrementally, and prints the mutation
score per package and per file (also written to reports/mutation/SUMMARY.md).

  --package <name>    only this package (folder or npm name; repeatable)
  --full              ignore the incremental file: test every mutant again
  --check             compare each score with its threshold (mutation.config.mjs)
  --mutate <pattern>  only these files or ranges (Stryker's --mutate syntax, e.g.
                      packages/logging/src/log-level.ts:10-20); reports go to
                      reports/mutation/scratch/ and the incremental file is left alone
  --concurrency <n>   Stryker processes, half type checkers and half test runners
                      (default: one test runner per core, at most 4)
  --time-budget <min> stop starting (and stop) Stryker runs once this many minutes have passed;
                      packages whose committed incremental results are up to date run first,
                      the ones not run are listed as not checked (CI uses it)
  --report-only       run nothing; rebuild the summary from the reports on disk
  --write-docs        also regenerate the per-file table in docs/testing.md
  --help              this text`;

/**
 * @param {string[]} argv arguments after the script name
 */
export function parseMutateArgs(argv) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      package: { type: 'string', multiple: true, default: [] },
      full: { type: 'boolean', default: false },
      check: { type: 'boolean', default: false },
      mutate: { type: 'string' },
      concurrency: { type: 'string' },
      'time-budget': { type: 'string' },
      'report-only': { type: 'boolean', default: false },
      'write-docs': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency > 0)) {
    throw new Error(`--concurrency takes a positive integer (got "${values.concurrency}")`);
  }
  const timeBudget = values['time-budget'] === undefined ? undefined : Number(values['time-budget']);
  if (timeBudget !== undefined && !(Number.isFinite(timeBudget) && timeBudget > 0)) {
    throw new Error(`--time-budget takes a positive number of minutes (got "${values['time-budget']}")`);
  }
  const packages = values.package.flatMap((item) => item.split(',')).filter((item) => item !== '');
  if (values.mutate !== undefined && packages.length === 0) {
    // Stryker's --mutate takes paths under packages/<name>/: that names the package.
    const owner = /^packages\/([^/]+)\//.exec(values.mutate)?.[1];
    if (owner === undefined) throw new Error('--mutate outside packages/<name>/ needs --package');
    packages.push(owner);
  }
  if (values.mutate !== undefined && packages.length !== 1) {
    throw new Error('--mutate runs the tests of one package: give at most one --package');
  }
  return {
    packages,
    full: values.full,
    check: values.check,
    mutate: values.mutate,
    concurrency,
    timeBudgetMs: timeBudget === undefined ? undefined : timeBudget * 60_000,
    reportOnly: values['report-only'],
    writeDocs: values['write-docs'],
    help: values.help,
  };
}
