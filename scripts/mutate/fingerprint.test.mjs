// @ts-check
// Unit tests of the digest that makes `pnpm mutate` run a package in full when something its
// tests depend on changed where Stryker's incremental file cannot see it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { untrackedFingerprint, untrackedInputs } from './fingerprint.mjs';

/** A small repository: two packages with sources, tests and fixtures, and the root configs. */
function makeRepo() {
  const root = mkdtempSync(join(tmpdir(), 'mutate-fingerprint-'));
  const files = {
    'vitest.shared.ts': 'export {}',
    'pnpm-lock.yaml': 'lockfileVersion: 9',
    'packages/a/package.json': '{"name":"@soni/a"}',
    'packages/a/vitest.config.ts': 'export {}',
    'packages/a/src/a.ts': "import { b } from '@soni/b';\nexport const a = b;",
    'packages/a/src/a.test.ts': 'test',
    'packages/a/src/helper.fixture.ts': 'fixture',
    'packages/a/README.md': '# a',
    'packages/a/dist/a.js': 'built',
    'packages/b/package.json': '{"name":"@soni/b"}',
    'packages/b/src/b.ts': 'export const b = 1;',
    'packages/b/src/b.test.ts': 'test',
    'packages/b/src/b.test-d.ts': 'test',
    'packages/c/package.json': '{"name":"@soni/c"}',
    'packages/c/src/c.ts': "import { a } from '@soni/a';\nexport const c = a;",
  };
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  return root;
}

describe('untracked inputs of a package', () => {
  it('are its fixtures and configs, the sources of the packages it imports and the root configs, not what Stryker tracks', () => {
    const root = makeRepo();
    assert.deepEqual(untrackedInputs(root, 'a'), [
      'packages/a/package.json',
      'packages/a/src/helper.fixture.ts',
      'packages/a/vitest.config.ts',
      'packages/b/package.json',
      'packages/b/src/b.ts',
      'pnpm-lock.yaml',
      'vitest.shared.ts',
    ]);
  });

  it('change the digest when another package\'s source changes, not when Stryker\'s own files do', () => {
    const root = makeRepo();
    const before = untrackedFingerprint(root, 'a');
    writeFileSync(join(root, 'packages/a/src/a.ts'), "import { b } from '@soni/b';\nexport const a = b + 1;");
    writeFileSync(join(root, 'packages/c/src/c.ts'), "import { a } from '@soni/a';\nexport const c = a + 3; // a package that a does not import");
    writeFileSync(join(root, 'packages/a/src/a.test.ts'), 'changed test');
    writeFileSync(join(root, 'packages/b/src/b.test.ts'), 'changed test of another package');
    writeFileSync(join(root, 'packages/a/README.md'), '# changed');
    assert.equal(untrackedFingerprint(root, 'a'), before);
    writeFileSync(join(root, 'packages/b/src/b.ts'), 'export const b = 2;');
    assert.deepEqual(untrackedInputs(root, 'c'), untrackedInputs(root, 'c').filter((file) => !file.startsWith('packages/c/src/c.ts')));
    assert.ok(untrackedInputs(root, 'c').includes('packages/b/src/b.ts'), 'c imports a, which imports b');
    const afterSource = untrackedFingerprint(root, 'a');
    assert.notEqual(afterSource, before);
    writeFileSync(join(root, 'packages/a/src/helper.fixture.ts'), 'changed fixture');
    assert.notEqual(untrackedFingerprint(root, 'a'), afterSource);
  });

  it('leave out what git ignores, so a run\'s leftovers (test results, build output) change nothing', () => {
    const root = makeRepo();
    writeFileSync(join(root, '.gitignore'), 'dist/\ntest-results.json\n');
    execFileSync('git', ['init', '-q'], { cwd: root });
    const before = untrackedFingerprint(root, 'a');
    assert.ok(!untrackedInputs(root, 'a').some((file) => file.includes('/dist/')));
    writeFileSync(join(root, 'packages/b/test-results.json'), '{"numPassedTests":1}');
    writeFileSync(join(root, 'packages/a/dist/a.js'), 'built again');
    assert.equal(untrackedFingerprint(root, 'a'), before);
    writeFileSync(join(root, 'packages/b/src/new.ts'), 'export {};');
    assert.notEqual(untrackedFingerprint(root, 'a'), before, 'a new file git does not ignore counts, committed or not');
  });

  it('change the digest when a file is renamed, even with the same contents', () => {
    const root = makeRepo();
    const before = untrackedFingerprint(root, 'a');
    writeFileSync(join(root, 'packages/b/src/c.ts'), 'export const b = 1;');
    assert.notEqual(untrackedFingerprint(root, 'a'), before);
  });
});
