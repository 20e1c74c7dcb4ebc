// The folder the doc blocks are compiled and run in: `.tmp/doc-blocks/`, git-ignored. It
// resolves `@soni/*` as an installed package would (through `node_modules` links to the
// package folders, so through their `exports` to the built `dist/`), never through the
// workspace's source `paths`. Other imports resolve to what the packages depend on (their
// dependencies, peers and dev dependencies: zod, pino, fast-check), then to the root's
// (vitest, tsx, @types/node): what a user who installed the packages and their peers has.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** What a user's strict project would use; the blocks are checked against it. */
export const COMPILER_OPTIONS = {
  target: 'ES2022',
  lib: ['ES2023'],
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  moduleDetection: 'force',
  types: ['node'],
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noImplicitOverride: true,
  skipLibCheck: true,
  noEmit: true,
};

/** Creates the folder afresh; fails when a package has not been built. */
export function prepareWorkspace(root) {
  const dir = join(root, '.tmp', 'doc-blocks');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'node_modules', '@soni'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ private: true, type: 'module' }, null, 2)}\n`);
  writeFileSync(join(dir, 'tsconfig.json'), `${JSON.stringify({ compilerOptions: COMPILER_OPTIONS }, null, 2)}\n`);
  const missing = [];
  const links = new Map();
  const packages = readdirSync(join(root, 'packages'))
    .sort()
    .map((folder) => join(root, 'packages', folder))
    .filter((folder) => existsSync(join(folder, 'package.json')));
  for (const folder of packages) {
    const { name } = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
    if (!existsSync(join(folder, 'dist'))) missing.push(name);
    links.set(name, folder);
  }
  for (const folder of packages) {
    const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
    const names = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies, ...manifest.devDependencies });
    for (const name of names) {
      const installed = join(folder, 'node_modules', name);
      if (!links.has(name) && existsSync(installed)) links.set(name, installed);
    }
  }
  for (const [name, target] of links) {
    const link = join(dir, 'node_modules', name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(target, link, 'dir');
  }
  if (missing.length > 0) throw new Error(`not built: ${missing.join(', ')}; run \`pnpm build\` first`);
  return dir;
}

/** `packages/testing/README.md` → `packages-testing`; the root README → `root`. */
export function folderOf(readme) {
  return readme === 'README.md' ? 'root' : readme.replace(/\/README\.md$/, '').replaceAll('/', '-');
}

/** Writes each block's program to `<folder>/<file>` and returns the absolute paths. */
export function writePrograms(dir, blocks) {
  for (const block of blocks) {
    const folder = join(dir, folderOf(block.readme));
    mkdirSync(folder, { recursive: true });
    block.file = join(folder, block.marker.file ?? `L${block.line}.ts`);
    if (existsSync(block.file)) throw new Error(`${block.readme}:${block.line - 1}: two blocks write ${block.file}`);
    writeFileSync(block.file, `${block.program.lines.join('\n')}\n`);
  }
}
