// The packages load as CommonJS too (their `require` condition), from a .cjs file.
const core = require('@soni/core');
const locking = require('@soni/locking');
const testing = require('@soni/testing');

async function main() {
  // Our own helper is an ES module; CommonJS reaches it with a dynamic import.
  const { exercise } = await import('./exercise.mjs');
  const summary = await exercise({ core, locking, testing }, 'CommonJS');

  // Both copies loaded in one process share the global registry (a Symbol.for key), and
  // errors are recognised across copies (isInstance, not instanceof).
  const esm = await import('@soni/core');
  if (esm.ActionRegistry === core.ActionRegistry) throw new Error('expected two copies (ESM and CJS) of @soni/core');
  core.ActionRegistry.register('shared_by_both_copies')(() => ({}));
  const shared = new esm.ActionRegistry().has('shared_by_both_copies');
  core.ActionRegistry.clearGlobal();
  if (!shared) throw new Error('the ESM and CJS copies of @soni/core do not share the global registry');

  // `@soni/testing/vitest` is ESM only (vitest cannot be required): it has no `require`
  // condition, so require() fails at once with Node's own error rather than inside vitest.
  let vitestEntry = 'loaded';
  try {
    require('@soni/testing/vitest');
  } catch (error) {
    vitestEntry = /** @type {{ code?: string }} */ (error).code ?? String(error);
  }
  if (vitestEntry !== 'ERR_PACKAGE_PATH_NOT_EXPORTED') {
    throw new Error(`require('@soni/testing/vitest') should fail with ERR_PACKAGE_PATH_NOT_EXPORTED; got ${vitestEntry}`);
  }

  console.log(`CJS  (require): ${summary} · global registry shared with the ESM copy: ${shared} · @soni/testing/vitest: ESM only`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
