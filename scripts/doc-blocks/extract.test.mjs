// node --test scripts/doc-blocks/: how READMEs become programs (markers, continuations, fences).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { buildPrograms, extractBlocks } from './extract.mjs';

const dir = mkdtempSync(join(tmpdir(), 'doc-blocks-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function parse(markdown) {
  writeFileSync(join(dir, 'README.md'), markdown);
  const problems = [];
  const blocks = extractBlocks(dir, 'README.md', problems);
  buildPrograms(blocks, problems);
  return { blocks, problems };
}

describe('doc blocks', () => {
  it('takes ts and typescript blocks only, with the README line of their first code line', () => {
    const { blocks, problems } = parse(['# t', '```sh', 'ls', '```', '```ts', 'const a = 1;', '```', '```typescript', 'const b = 2;', '```', '```js', 'x', '```'].join('\n'));
    assert.deepEqual(problems, []);
    assert.deepEqual(blocks.map((b) => [b.line, b.lines]), [[6, ['const a = 1;']], [9, ['const b = 2;']]]);
  });

  it('a continuation runs after the whole chain it continues, each line keeping its README line', () => {
    const { blocks, problems } = parse([
      '<!-- doc-block: name=a -->', '```ts', 'const a = 1;', '```',
      '', '<!-- doc-block: name=b continues=a -->', '', '```ts', 'const b = a;', '```',
      '<!-- doc-block: continues=b no-run -->', '```ts', 'console.log(b);', '```',
    ].join('\n'));
    assert.deepEqual(problems, []);
    const last = blocks[2];
    assert.deepEqual(last.program.lines, ['const a = 1;', 'const b = a;', 'console.log(b);']);
    assert.deepEqual(last.program.origins, [3, 9, 13]);
    assert.equal(last.marker.run, false);
    assert.equal(blocks[1].marker.run, true);
  });

  it('reports unknown tokens, a missing parent, a duplicate name and a marker before another language', () => {
    const { problems } = parse([
      '<!-- doc-block: nope -->', '```ts', '1;', '```',
      '<!-- doc-block: continues=ghost -->', '```ts', '2;', '```',
      '<!-- doc-block: name=x -->', '```ts', '3;', '```',
      '<!-- doc-block: name=x -->', '```ts', '4;', '```',
      '<!-- doc-block: no-run -->', '```sh', 'ls', '```',
    ].join('\n'));
    const expected = [
      /^README\.md:1: unknown doc-block marker token 'nope'/,
      /^README\.md:6: continues=ghost, but no earlier block/,
      /^README\.md:14: a block named 'x' already exists/,
      /^README\.md:17: a doc-block marker must come right before/,
    ];
    assert.equal(problems.length, expected.length, problems.join('\n'));
    for (const pattern of expected) assert.ok(problems.some((p) => pattern.test(p)), `no problem matches ${pattern}:\n${problems.join('\n')}`);
  });

  it('a marker followed by prose applies to nothing; a longer fence holds a shorter one', () => {
    const { blocks } = parse(['<!-- doc-block: no-run -->', 'Some text.', '````ts', 'const s = `', '```', '`;', '````'].join('\n'));
    assert.equal(blocks.length, 1);
    assert.equal(blocks[0].marker.run, true);
    assert.deepEqual(blocks[0].lines, ['const s = `', '```', '`;']);
  });

  it('names the module of a file= block', () => {
    const { blocks, problems } = parse(['<!-- doc-block: file=actions-v2.ts -->', '```ts', 'export const v = 2;', '```'].join('\n'));
    assert.deepEqual(problems, []);
    assert.equal(blocks[0].marker.file, 'actions-v2.ts');
  });
});
