// @ts-check
// Stryker runs the tests in a copy of the repository. The `@soni/*` aliases of vitest.shared.ts
// must then lead to the copy's sources, not back to the originals (which are never mutated):
// load a copy of the file from elsewhere and check where its aliases point.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const repoRoot = join(import.meta.dirname, '..', '..');

/** @param {string} dir */
async function aliasesLoadedFrom(dir) {
  /** @type {{ sourceAliases: { find: string | RegExp, replacement: string }[] }} */
  const shared = await tsImport(pathToFileURL(join(dir, 'vitest.shared.ts')).href, import.meta.url);
  return shared.sourceAliases;
}

describe('vitest source aliases', () => {
  it('point inside whichever copy of the repository vitest.shared.ts is loaded from', async () => {
    const copy = realpathSync(mkdtempSync(join(tmpdir(), 'sandbox-copy-')));
    // vitest.shared.ts reads the aliases from tsconfig.base.json beside it: copy both, as Stryker does.
    copyFileSync(join(repoRoot, 'vitest.shared.ts'), join(copy, 'vitest.shared.ts'));
    copyFileSync(join(repoRoot, 'tsconfig.base.json'), join(copy, 'tsconfig.base.json'));
    const aliases = await aliasesLoadedFrom(copy);
    assert.ok(aliases.length > 0);
    for (const { find, replacement } of aliases) {
      assert.ok(replacement.startsWith(copy + sep), `${String(find)} -> ${replacement} is outside the copy ${copy}`);
    }
  });

  it('name source files that exist in the repository itself', async () => {
    for (const { find, replacement } of await aliasesLoadedFrom(repoRoot)) {
      assert.ok(existsSync(replacement), `${String(find)} -> ${replacement} does not exist`);
    }
  });
});
