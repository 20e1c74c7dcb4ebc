// `pnpm check:docs`: every ```ts block of the READMEs users copy from (the root's, each
// package's and example's, the bench's) is type-checked as a program of its own (strict,
// NodeNext, exactOptionalPropertyTypes, noUncheckedIndexedAccess) against the built
// packages, and run with tsx unless marked `no-run`. Markers (HTML comments before the
// fence) are described in scripts/doc-blocks/extract.mjs and the root README.
// `node scripts/check-doc-blocks.mjs packages/testing` checks only the READMEs whose path
// contains one of the arguments. Needs the packages built (`pnpm build`).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildPrograms, extractBlocks, findReadmes } from './doc-blocks/extract.mjs';
import { runBlocks } from './doc-blocks/run.mjs';
import { typecheck } from './doc-blocks/typecheck.mjs';
import { prepareWorkspace, writePrograms } from './doc-blocks/workspace.mjs';

const root = join(import.meta.dirname, '..');
const filters = process.argv.slice(2);
const started = performance.now();

const problems = [];
const readmes = findReadmes(root).filter((readme) => filters.length === 0 || filters.some((f) => readme.includes(f)));
const blocks = readmes.flatMap((readme) => {
  const found = extractBlocks(root, readme, problems);
  buildPrograms(found, problems);
  return found;
});
const dir = prepareWorkspace(root);
writePrograms(dir, blocks);
problems.push(...typecheck(dir, blocks));
const runnable = blocks.filter((block) => block.marker.run && block.marker.file === undefined && block.diagnostics.length === 0);
await runBlocks(runnable);

// Everything goes to stdout, so the errors and the summary line stay in order in any log.
const failed = blocks.filter((block) => block.diagnostics.length > 0 || block.runError !== undefined);
for (const block of failed) {
  const kind = block.diagnostics.length > 0 ? 'does not type-check' : 'failed when run';
  console.log(`\n✗ ${block.readme}:${block.line - 1}: the block ${kind}`);
  for (const line of block.diagnostics) console.log(`  ${line}`);
  if (block.runError !== undefined) console.log(`  ${block.runError}`);
}
for (const problem of problems) console.log(`\n✗ ${problem}`);

const passed = blocks.length - failed.length;
writeFileSync(join(dir, 'test-results.json'), `${JSON.stringify({ numPassedTests: passed, numFailedTests: failed.length + problems.length })}\n`);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
console.log(
  `\ndoc blocks: ${plural(blocks.length, 'block')} in ${plural(readmes.length, 'README')} (all type-checked, ${runnable.length} run): ` +
    `${passed} passed, ${failed.length} failed${problems.length > 0 ? `, ${plural(problems.length, 'other problem')}` : ''} (${seconds} s)`,
);
process.exitCode = failed.length + problems.length === 0 ? 0 : 1;
