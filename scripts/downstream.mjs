// `examples/downstream`: a project outside the workspace installs packed tarballs of
// @soni/core, @soni/locking, @soni/logging and @soni/testing with npm, in a temporary folder, and runs its own
// checks there: ESM and CommonJS loading, then @soni/testing's lock and registry conformance
// suites against its own lock strategy (node:test). Needs the npm registry only for the
// packages' own dependencies. `--keep` leaves the temporary folder in place.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
// @soni/testing depends on @soni/logging (its log capture is logging's memory logger).
const PACKAGES = ['core', 'locking', 'logging', 'testing'];
const keep = process.argv.includes('--keep');

// npm must not inherit the workspace's pnpm settings (pnpm exports them as npm_config_*),
// only the user's registry, cache and proxy settings.
const KEPT_NPM_VARS = /^npm_config_(registry|cache|userconfig|https?_proxy|proxy|noproxy|strict_ssl|cafile|offline|prefer_offline)$/i;
const npmEnv = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !/^(npm|pnpm)_/i.test(key) || KEPT_NPM_VARS.test(key)),
);

// Each step says what it does before it starts and how long it took when it ends, so a long
// quiet step (the build) never looks like a hang. `quiet`: the command's output is shown only
// if it fails.
// build, one pack per package, install, load, test
const STEPS = PACKAGES.length + 4;
let step = 0;
function run(title, command, args, cwd, { env = process.env, quiet = false } = {}) {
  step += 1;
  const label = `[${step}/${STEPS}] ${title}`;
  const started = performance.now();
  console.log(`\n${label}${quiet ? ' (output shown only on failure)' : ''} ...\n$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd, env, stdio: quiet ? 'pipe' : 'inherit', encoding: 'utf8' });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    if (quiet) process.stderr.write(`${result.stdout}${result.stderr}`);
    console.error(`downstream: ${label} failed (exit ${result.status ?? result.signal}) after ${seconds} s`);
    finish(1);
  }
  console.log(`${label}: done in ${seconds} s`);
}

const work = mkdtempSync(join(tmpdir(), 'soni-downstream-'));
function finish(code) {
  if (keep) console.log(`\nkept ${work}`);
  else rmSync(work, { recursive: true, force: true });
  process.exit(code);
}

console.log(`Temporary folder: ${work}`);
run(
  `build ${PACKAGES.map((name) => `@soni/${name}`).join(', ')}`,
  'pnpm',
  ['turbo', 'run', 'build', ...PACKAGES.map((name) => `--filter=@soni/${name}`), '--output-logs=errors-only'],
  root,
  { env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' }, quiet: true },
);

const tarballs = join(work, 'tarballs');
mkdirSync(tarballs);
for (const name of PACKAGES) {
  // pnpm pack turns `workspace:^` into the real version range, as a publish would.
  run(`pack @soni/${name}`, 'pnpm', ['pack', '--pack-destination', tarballs], join(root, 'packages', name), { quiet: true });
}
const packed = readdirSync(tarballs).filter((file) => file.endsWith('.tgz')).map((file) => join(tarballs, file));
console.log(`packed: ${readdirSync(tarballs).join(', ')}`);

const project = join(work, 'project');
cpSync(join(root, 'examples', 'downstream', 'project'), project, { recursive: true });
run('install the tarballs with npm', 'npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...packed], project, { env: npmEnv });

const installed = readdirSync(join(project, 'node_modules', '@soni')).map(
  (name) => `@soni/${name}@${JSON.parse(readFileSync(join(project, 'node_modules', '@soni', name, 'package.json'), 'utf8')).version}`,
);
console.log(`installed: ${installed.join(', ')}`);

run('load the packages as ESM and as CommonJS', 'npm', ['run', '--silent', 'check:formats'], project, { env: npmEnv });
const tap = join(work, 'results.tap');
run(
  'conformance suites against the custom lock (node:test)',
  'npm',
  ['test', '--silent', '--', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`],
  project,
  { env: npmEnv },
);
recordResults(tap);

/**
 * Leaves the node:test counts where the CI summary (scripts/test-summary.mjs) sums every
 * package's results, in the same fields as vitest's JSON report.
 */
function recordResults(tapFile) {
  const text = readFileSync(tapFile, 'utf8');
  const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
  const passed = count('pass');
  const failed = count('fail');
  if (Number.isNaN(passed) || Number.isNaN(failed)) throw new Error(`no test counts in ${tapFile}`);
  writeFileSync(join(root, 'examples', 'downstream', 'test-results.json'), `${JSON.stringify({ numPassedTests: passed, numFailedTests: failed })}\n`);
}

console.log('\ndownstream: the packed packages install with npm, load from ESM and CommonJS, and the custom lock passes the conformance suites');
finish(0);
