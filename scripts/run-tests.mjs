// `pnpm test`: the whole check (build, typecheck, lint, unit tests, package checks, root
// lint, doc blocks, API reference warnings) through turbo, then one last line summing every
// test report: `N passed, N failed`, followed by the turbo tasks that failed, if any. Extra
// arguments go to turbo (`pnpm test --filter=@soni/core`).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeReports, summarize } from './test-summary.mjs';

const TASKS = ['build', 'typecheck', 'lint', 'test', 'check:package', 'lint:root', 'check:docs', 'docs:check', 'test:scripts'];
const root = join(import.meta.dirname, '..');
const runs = join(root, '.turbo', 'runs');
const listRuns = () => (existsSync(runs) ? readdirSync(runs) : []);

removeReports();
const before = new Set(listRuns());
const turbo = spawnSync('pnpm', ['exec', 'turbo', 'run', ...TASKS, '--summarize', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });

const failedTasks = [];
for (const file of listRuns().filter((name) => !before.has(name))) {
  const summary = JSON.parse(readFileSync(join(runs, file), 'utf8'));
  for (const task of summary.tasks ?? []) {
    if ((task.execution?.exitCode ?? 0) !== 0) failedTasks.push(task.taskId);
  }
}

const { passed, failed } = summarize();
const status = turbo.status ?? 1;
let tail = '';
if (failedTasks.length > 0) tail = `; failed tasks: ${failedTasks.join(', ')}`;
else if (status !== 0) tail = `; turbo exited with ${turbo.status ?? turbo.signal}`;
console.log(`\n${passed} passed, ${failed} failed${tail}`);
process.exit(status !== 0 || failed > 0 ? 1 : 0);
