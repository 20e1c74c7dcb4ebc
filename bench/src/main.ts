import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { USAGE, parseArgs } from './cli-args';
import { formatRatio } from './format';
import { missFactor } from './goals';
import { renderMarkdown } from './render-markdown';
import { renderSvg } from './render-svg';
import { renderText } from './render-text';
import { failures, type BenchReport, type ScenarioResult } from './report';
import { runScenario } from './run-scenario';
import { SCENARIOS } from './scenarios/index';
import { renderFaultStress, runFaultStressStep, type FaultStressStep } from './fault-stress/bench-step';

const FULL = { rounds: 9, timeMs: 250, warmupMs: 100 };
const QUICK = { rounds: 5, timeMs: 60, warmupMs: 30 };

/**
 * What the figures measure: the built packages (`dist/`, what users install) when the bench
 * runs with `tsconfig.run.json`, as `pnpm bench` does. Sources run through tsx would carry
 * esbuild's `keepNames` wrapper on every closure and distort closure-heavy code paths.
 */
function measuredCode(): string {
  const resolved = import.meta.resolve('@soni/core');
  return resolved.includes('/dist/') ? 'built packages (dist/)' : `package sources (${resolved})`;
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const settings = options.quick ? QUICK : FULL;
  const selected = SCENARIOS.filter((s) => options.only.length === 0 || options.only.some((id) => s.id.includes(id)));
  const stress = options.only.length === 0 || options.only.some((id) => 'fault-stress'.includes(id));
  if (selected.length === 0 && !stress) throw new Error(`no scenario matches ${options.only.join(', ')}`);
  const started = performance.now();
  const scenarios: ScenarioResult[] = [];
  for (const entry of selected) {
    const missing = await entry.unavailable?.();
    if (missing !== undefined) {
      console.log(`SKIPPED ${entry.id}: ${missing}`);
      continue;
    }
    console.error(`${entry.id} ...`);
    scenarios.push(await runScenario(entry.create(), { ...settings, progress: (line) => { console.error(line); } }));
  }
  let faultStress: FaultStressStep | undefined;
  if (stress) {
    console.error('fault-stress ...');
    faultStress = await runFaultStressStep(options.quick ? 100_000 : 1_000_000);
  }
  const cpus = os.cpus();
  const report: BenchReport = {
    meta: {
      date: new Date().toISOString(),
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      cpu: cpus[0]?.model.trim() ?? 'unknown CPU',
      cores: cpus.length,
      rounds: settings.rounds,
      mode: options.quick ? 'quick' : 'full',
      code: measuredCode(),
    },
    scenarios,
    ...(faultStress === undefined ? {} : { faultStress }),
  };
  console.log(`\n${renderText(report)}\n`);
  if (faultStress !== undefined) console.log(`${renderFaultStress(faultStress)}\n`);
  console.log(`${selected.length} scenarios in ${((performance.now() - started) / 1000).toFixed(1)} s, ${settings.rounds} rounds each.`);
  if (options.write) {
    const here = (name: string): URL => new URL(`../${name}`, import.meta.url);
    await writeFile(here('results.json'), `${JSON.stringify(report, null, 2)}\n`);
    await writeFile(here('RESULTS.md'), renderMarkdown(report));
    await writeFile(here('ratios.svg'), renderSvg(report));
    console.log('Wrote bench/results.json, bench/RESULTS.md and bench/ratios.svg.');
  }
  const missed = failures(report);
  for (const c of missed) {
    if (c.goal === undefined) continue;
    console.log(
      `MISSED ${c.label}: ${formatRatio(c.ratio.median)} > goal ${formatRatio(c.goal.max)} (${formatRatio(missFactor(c.ratio.median, c.goal))} over)`,
    );
  }
  if (faultStress?.clean === false) console.log('MISSED the fault stress: a guarantee broke (see above).');
  const failed = missed.length > 0 || faultStress?.clean === false;
  if (!failed) console.log('Every goal met.');
  return options.check && failed ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 2;
  },
);
