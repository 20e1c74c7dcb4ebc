// Finds the TypeScript blocks of the READMEs users copy from and turns each into a program:
// the block itself, after the blocks it continues. The markers are HTML comments on the line
// (blank lines allowed) before the fence, invisible on GitHub and npm:
//
//   <!-- doc-block: name=setup -->          names the block, so later blocks can continue it
//   <!-- doc-block: continues=setup -->     the block runs after `setup` (same README)
//   <!-- doc-block: no-run -->              type-checked only (needs a server, a network, a runner)
//   <!-- doc-block: file=actions-v2.ts -->  a module other blocks import (`./actions-v2.js`)
//
// Tokens combine in one comment: `<!-- doc-block: name=tx continues=setup no-run -->`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const LANGUAGES = new Set(['ts', 'typescript']);
const MARKER = /^\s*<!--\s*doc-block:(.*?)-->\s*$/;
const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/;

/** The READMEs users copy from: the root's, each package's and example's, and the bench's. */
export function findReadmes(root) {
  const found = ['README.md'];
  for (const group of ['packages', 'examples']) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      if (existsSync(join(dir, name, 'README.md'))) found.push(`${group}/${name}/README.md`);
    }
  }
  if (existsSync(join(root, 'bench', 'README.md'))) found.push('bench/README.md');
  return found;
}

function parseMarker(text, where, problems) {
  const marker = { name: undefined, continues: undefined, run: true, file: undefined };
  for (const token of text.trim().split(/\s+/).filter(Boolean)) {
    const [key, value] = token.split('=', 2);
    if (key === 'no-run' && value === undefined) marker.run = false;
    else if ((key === 'name' || key === 'continues') && value) marker[key] = value;
    else if (key === 'file' && value && /^[\w.-]+\.(ts|mts)$/.test(value)) marker.file = value;
    else problems.push(`${where}: unknown doc-block marker token '${token}' (use name=…, continues=…, file=<name>.ts, no-run)`);
  }
  return marker;
}

/**
 * Every TypeScript block of one README, in order: `{ readme, line, lines, marker }`, where
 * `line` is the README line of the block's first code line (1-based).
 */
export function extractBlocks(root, readme, problems) {
  const text = readFileSync(join(root, readme), 'utf8').split('\n');
  const blocks = [];
  let pendingMarker;
  for (let i = 0; i < text.length; i++) {
    const line = text[i];
    const marker = MARKER.exec(line);
    if (marker) {
      pendingMarker = { text: marker[1], line: i + 1 };
      continue;
    }
    const fence = FENCE.exec(line);
    if (!fence) {
      if (line.trim() !== '') pendingMarker = undefined;
      continue;
    }
    const [, indent, ticks, language] = fence;
    const isClosing = (l) => {
      const trimmed = l.trim();
      return trimmed.length >= ticks.length && trimmed === ticks[0].repeat(trimmed.length);
    };
    const end = text.findIndex((l, j) => j > i && isClosing(l));
    const close = end === -1 ? text.length : end;
    if (LANGUAGES.has(language.toLowerCase())) {
      const where = `${readme}:${i + 1}`;
      blocks.push({
        readme,
        line: i + 2,
        lines: text.slice(i + 1, close).map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l)),
        marker: pendingMarker ? parseMarker(pendingMarker.text, `${readme}:${pendingMarker.line}`, problems) : parseMarker('', where, problems),
      });
    } else if (pendingMarker) {
      problems.push(`${readme}:${pendingMarker.line}: a doc-block marker must come right before a \`\`\`ts block`);
    }
    pendingMarker = undefined;
    i = close;
  }
  return blocks;
}

/**
 * Gives each block its program: the lines to compile, with the README line each came from.
 * A continuation's program is its parent's program followed by its own lines.
 */
export function buildPrograms(blocks, problems) {
  const named = new Map();
  for (const block of blocks) {
    const where = `${block.readme}:${block.line - 1}`;
    const own = block.lines.map((_, k) => block.line + k);
    if (block.marker.continues !== undefined) {
      const parent = named.get(`${block.readme}#${block.marker.continues}`);
      if (parent === undefined) {
        problems.push(`${where}: continues=${block.marker.continues}, but no earlier block of ${block.readme} is named '${block.marker.continues}'`);
        block.program = { lines: block.lines, origins: own };
      } else {
        block.program = { lines: [...parent.program.lines, ...block.lines], origins: [...parent.program.origins, ...own] };
      }
    } else {
      block.program = { lines: block.lines, origins: own };
    }
    if (block.marker.name !== undefined) {
      const key = `${block.readme}#${block.marker.name}`;
      if (named.has(key)) problems.push(`${where}: a block named '${block.marker.name}' already exists in ${block.readme}`);
      named.set(key, block);
    }
  }
}
