// @ts-check
// `pnpm mutate`: StrykerJS over every published package, one run per package (configured by
// stryker.config.mjs), then the score per package and per file: printed, written to
// reports/mutation/SUMMARY.md, optionally into docs/testing.md, and checked against
// mutation.config.mjs with --check. See docs/testing.md.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { enforceThresholds } from '../mutation.config.mjs';
import { parseMutateArgs, USAGE } from './mutate/args.mjs';
import { writeDocsSection } from './mutate/docs-section.mjs';
import { publishedPackages, selectPackages } from './mutate/packages.mjs';
import { untrackedFingerprint } from './mutate/fingerprint.mjs';
import { mutationPaths, REPORTS_DIR } from './mutate/paths.mjs';
import { mutationScore, readFileTallies, sumTallies } from './mutate/score.mjs';
import { fileTables, formatScore, isBelowThreshold, packageTable, summaryMarkdown } from './mutate/summary.mjs';

const root = join(import.meta.dirname, '..');
process.chdir(root);

/** @param {string} command @param {string[]} args @param {NodeJS.ProcessEnv} [env] */
function run(command, args, env = process.env) {
  return spawnSync(command, args, { stdio: 'inherit', env }).status ?? 1;
}

/**
 * Runs a command until it exits or `deadline` (ms since the epoch) passes; then kills its whole
 * process group (Stryker's checkers and test runners too). Resolves to the exit status, or
 * `'timeout'`.
 * @param {string} command @param {string[]} args @param {NodeJS.ProcessEnv} env
 * @param {number | undefined} deadline
 * @returns {Promise<number | 'timeout'>}
 */
function runUntil(command, args, env, deadline) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env, detached: deadline !== undefined });
    let timedOut = false;
    const timer =
      deadline === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            try {
              if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
            } catch {
              child.kill('SIGKILL');
            }
          }, Math.max(0, deadline - Date.now()));
    child.on('error', () => resolve(1));
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(timedOut ? 'timeout' : (code ?? 1));
    });
  });
}

/**
 * How a package's run will go: in full or incrementally, and the digest of what Stryker cannot
 * see, computed before the run so that an edit made while Stryker works is seen by the next run.
 * @param {import('./mutate/packages.mjs').MutationPackage} pkg
 * @param {ReturnType<typeof parseMutateArgs>} options
 */
function planRun(pkg, options) {
  const scratch = options.mutate !== undefined;
  const paths = mutationPaths(pkg.dir, scratch);
  const fingerprint = scratch ? undefined : untrackedFingerprint(root, pkg.dir);
  const hasIncremental = !scratch && existsSync(paths.incrementalFile);
  const stale = hasIncremental && !options.full && readIfExists(paths.fingerprintFile) !== fingerprint;
  const mode = scratch || options.full || stale || !hasIncremental ? 'full' : 'incremental';
  return { pkg, scratch, paths, fingerprint, stale, mode };
}

/**
 * One Stryker run; resolves to `'ok'`, `'failed'` or `'timeout'` (stopped at `deadline`).
 * @param {ReturnType<typeof planRun>} plan
 * @param {ReturnType<typeof parseMutateArgs>} options
 * @param {number | undefined} deadline
 */
async function runStryker(plan, options, deadline) {
  const { pkg, scratch, paths, fingerprint, stale, mode } = plan;
  const args = ['exec', 'stryker', 'run', 'stryker.config.mjs'];
  if (options.concurrency !== undefined) args.push('--concurrency', String(options.concurrency));
  if (scratch) args.push('--mutate', options.mutate ?? '');
  else if (options.full || stale) args.push('--force');
  if (!scratch) mkdirSync(dirname(paths.incrementalFile), { recursive: true });
  if (stale) console.log(`\n${pkg.name}: files Stryker does not track changed (other packages' sources, fixtures, configs); every mutant is tested again`);
  console.log(`\n=== mutate ${pkg.name} (${mode}${scratch ? `, only ${options.mutate}` : ''}) ===`);
  const started = Date.now();
  const env = { ...process.env, SONI_MUTATE_PACKAGE: pkg.dir, SONI_MUTATE_SCRATCH: scratch ? '1' : '0' };
  const status = await runUntil('pnpm', args, env, deadline);
  const durationMs = Date.now() - started;
  const seconds = (durationMs / 1000).toFixed(0);
  if (status === 'timeout') {
    console.log(`=== ${pkg.name}: stopped after ${seconds} s, at the end of the time budget: not checked ===`);
    return 'timeout';
  }
  console.log(`=== ${pkg.name}: Stryker ${status === 0 ? 'finished' : `FAILED (exit ${status})`} in ${seconds} s ===`);
  if (status === 0 && !scratch) {
    const record = { mode, durationMs, finishedAt: new Date().toISOString() };
    writeFileSync(join(paths.dir, 'run.json'), `${JSON.stringify(record, null, 2)}\n`);
    writeFileSync(paths.fingerprintFile, `${fingerprint}\n`);
  }
  return status === 0 ? 'ok' : 'failed';
}

/** @param {string} file @returns {string | undefined} the trimmed contents, if the file exists */
function readIfExists(file) {
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}

/** @param {import('./mutate/packages.mjs').MutationPackage} pkg @param {boolean} scratch */
function resultOf(pkg, scratch) {
  const paths = mutationPaths(pkg.dir, scratch);
  const runFile = join(paths.dir, 'run.json');
  return {
    ...pkg,
    files: readFileTallies(paths.jsonReport),
    run: existsSync(runFile) ? JSON.parse(readFileSync(runFile, 'utf8')) : undefined,
  };
}

/** Prints what is below threshold; returns whether anything is. @param {ReturnType<typeof resultOf>[]} checked */
function reportBelowThreshold(checked) {
  const below = checked.filter(isBelowThreshold);
  for (const result of below) {
    const score = result.files === undefined ? undefined : mutationScore(sumTallies(result.files));
    console.log(`BELOW THRESHOLD: ${result.name} ${formatScore(score)} < ${result.threshold} %`);
    for (const file of result.files ?? []) {
      const fileScore = mutationScore(file);
      if (fileScore !== undefined && fileScore < result.threshold) console.log(`  ${file.file}: ${formatScore(fileScore)}`);
    }
  }
  if (below.length === 0) console.log(`All ${checked.length} checked package(s) meet their mutation-score thresholds.`);
  else if (!enforceThresholds) console.log('(not enforced yet: enforceThresholds is false in mutation.config.mjs)');
  return below.length > 0;
}

async function main() {
  const options = parseMutateArgs(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const all = publishedPackages(root);
  const selected = selectPackages(all, options.packages);
  const scratch = options.mutate !== undefined;
  let failed = false;
  /** @type {string[]} packages the time budget left out */
  const notChecked = [];
  if (!options.reportOnly) {
    // One test of @soni/core loads the built ESM and CommonJS files; turbo's cache makes this
    // a no-op after `pnpm test`.
    if (run('pnpm', ['exec', 'turbo', 'run', 'build', '--filter=./packages/*', '--output-logs=errors-only']) !== 0) return 1;
    const deadline = options.timeBudgetMs === undefined ? undefined : Date.now() + options.timeBudgetMs;
    const plans = selected.map((pkg) => planRun(pkg, options));
    // Under a budget, the cheap runs (up-to-date incremental results) go first.
    if (deadline !== undefined) plans.sort((a, b) => Number(a.mode === 'full') - Number(b.mode === 'full'));
    for (const plan of plans) {
      if (deadline !== undefined && deadline - Date.now() < 60_000) {
        console.log(`\n=== ${plan.pkg.name}: not run, the time budget is spent: not checked ===`);
        notChecked.push(plan.pkg.name);
        continue;
      }
      const outcome = await runStryker(plan, options, deadline);
      if (outcome === 'timeout') notChecked.push(plan.pkg.name);
      failed = outcome === 'failed' || failed;
    }
  }
  const checked = selected.filter((pkg) => !notChecked.includes(pkg.name)).map((pkg) => resultOf(pkg, scratch));
  console.log(`\n${packageTable(checked, !scratch)}\n\n${fileTables(checked)}\n`);
  if (!scratch) {
    const everything = all.map((pkg) => resultOf(pkg, false));
    mkdirSync(REPORTS_DIR, { recursive: true });
    writeFileSync(join(REPORTS_DIR, 'SUMMARY.md'), summaryMarkdown(everything));
    console.log(`Summary of all packages: ${REPORTS_DIR}/SUMMARY.md; Stryker's reports: ${REPORTS_DIR}/<package>/index.html`);
    if (options.writeDocs) {
      writeDocsSection('docs/testing.md', everything);
      console.log('Updated the score tables in docs/testing.md');
    }
  }
  if (failed) console.log('A Stryker run failed: see its output above.');
  if (notChecked.length > 0) {
    console.log(
      `NOT CHECKED (time budget of ${(options.timeBudgetMs ?? 0) / 60_000} min): ${notChecked.join(', ')}. ` +
        'Their committed incremental results are missing or out of date: run `pnpm mutate` and commit mutation/.',
    );
  }
  const below = options.check && reportBelowThreshold(checked);
  return failed || (below && enforceThresholds) ? 1 : 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(`pnpm mutate: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
}
