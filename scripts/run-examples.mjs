// `pnpm start`: runs every example under examples/ in order, each under a heading, and
// exits non-zero if any of them fails.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ORDER = ['python-api', 'lock-config', 'http-service', 'fastify-service', 'otel-tracing', 'downstream'];
const root = join(import.meta.dirname, '..');
const examplesDir = join(root, 'examples');

const examples = readdirSync(examplesDir)
  .filter((name) => existsSync(join(examplesDir, name, 'package.json')))
  .map((name) => ({ name, pkg: JSON.parse(readFileSync(join(examplesDir, name, 'package.json'), 'utf8')) }))
  .filter(({ pkg }) => pkg.scripts?.start)
  .sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));

function rank(name) {
  const index = ORDER.indexOf(name);
  return index === -1 ? ORDER.length : index;
}

const failed = [];
for (const { name, pkg } of examples) {
  const title = `examples/${name}: ${pkg.description ?? ''}`;
  console.log(`\n${'='.repeat(Math.min(title.length, 100))}\n${title}\n${'='.repeat(Math.min(title.length, 100))}`);
  const started = performance.now();
  const result = spawnSync('pnpm', ['--silent', 'run', 'start'], { cwd: join(examplesDir, name), stdio: 'inherit' });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (result.status === 0) {
    console.log(`\n[ok] examples/${name} (${seconds} s)`);
  } else {
    console.log(`\n[FAILED] examples/${name} exited with ${result.status ?? result.signal} (${seconds} s)`);
    failed.push(name);
  }
}

console.log(`\n${examples.length - failed.length} of ${examples.length} examples succeeded${failed.length ? `; failed: ${failed.join(', ')}` : ''}`);
process.exit(failed.length === 0 ? 0 : 1);
