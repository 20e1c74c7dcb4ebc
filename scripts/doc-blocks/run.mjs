// Runs the runnable blocks with tsx (as a user would run a copied snippet), two at a time,
// each in its own process with a time limit.
import { spawn } from 'node:child_process';
import { basename, dirname } from 'node:path';

const OUTPUT_LINES = 30;

function runOne(block, timeoutMs) {
  return new Promise((resolvePromise) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', basename(block.file)], {
      cwd: dirname(block.file),
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      if (code === 0 && !timedOut) {
        resolvePromise(undefined);
        return;
      }
      const why = timedOut ? `did not finish within ${timeoutMs / 1000} s` : `exited with ${code ?? signal} after ${seconds} s`;
      resolvePromise(`${block.readme}:${block.line - 1}: the block ${why}:\n${tail(mapLines(output, block))}`);
    });
  });
}

// Stack traces name the generated file: point them at the README lines instead.
function mapLines(output, block) {
  const name = basename(block.file).replace(/[.]/g, '\\.');
  return output.replace(new RegExp(`(?:file://)?[^\\s(]*${name}:(\\d+)(?::\\d+)?`, 'g'), (match, line) => {
    const origin = block.program.origins[Number(line) - 1];
    return origin === undefined ? match : `${block.readme}:${origin}`;
  });
}

function tail(output) {
  if (output.trim() === '') return '    (no output)';
  const lines = output.trimEnd().split('\n');
  const shown = lines.slice(-OUTPUT_LINES).map((line) => `    ${line}`);
  if (lines.length > OUTPUT_LINES) shown.unshift(`    … (${lines.length - OUTPUT_LINES} lines above)`);
  return shown.join('\n');
}

/** Runs `blocks`, `concurrency` at a time; sets `block.runError` on each failure. */
export async function runBlocks(blocks, { concurrency = 2, timeoutMs = 30_000 } = {}) {
  let next = 0;
  const worker = async () => {
    while (next < blocks.length) {
      const block = blocks[next++];
      block.runError = await runOne(block, timeoutMs);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, blocks.length) }, worker));
}
