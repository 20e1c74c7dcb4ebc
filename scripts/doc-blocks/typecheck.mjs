// Type-checks every block's program in one TypeScript program and maps each diagnostic back
// to the README line it came from.
import { resolve } from 'node:path';
import ts from 'typescript';
import { COMPILER_OPTIONS } from './workspace.mjs';

const CANNOT_FIND_NAME = new Set([2304, 2552, 2580, 2582]);

/**
 * Adds `block.diagnostics` (strings, `README:line:col - error TSxxxx: message`) to every
 * block; returns the diagnostics that belong to no block (in a package's types, say).
 */
export function typecheck(dir, blocks) {
  const { options, errors } = ts.convertCompilerOptionsFromJson(COMPILER_OPTIONS, dir);
  if (errors.length > 0) throw new Error(ts.formatDiagnostics(errors, host(dir)));
  const program = ts.createProgram(blocks.map((b) => b.file), options);
  const byFile = new Map(blocks.map((block) => [resolve(block.file), block]));
  const seen = new Set();
  const stray = [];
  for (const block of blocks) block.diagnostics = [];
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n    ');
    const block = diagnostic.file && byFile.get(resolve(diagnostic.file.fileName));
    if (!block || diagnostic.start === undefined) {
      stray.push(ts.formatDiagnostic(diagnostic, host(dir)).trim());
      continue;
    }
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    const origin = block.program.origins[line] ?? block.line;
    const text = `${block.readme}:${origin}:${character + 1} - error TS${diagnostic.code}: ${message}`;
    // A parent's error shows up in every continuation too: report it once, at the parent.
    if (seen.has(text)) continue;
    seen.add(text);
    block.diagnostics.push(text);
    if (CANNOT_FIND_NAME.has(diagnostic.code) && block.marker.continues === undefined) block.missingNames = true;
  }
  for (const block of blocks) {
    if (block.missingNames) {
      block.diagnostics.push(
        'hint: each block is a whole program: add its imports, or mark it as the continuation of a named block (<!-- doc-block: continues=NAME -->)',
      );
    }
  }
  return stray;
}

function host(dir) {
  return { getCanonicalFileName: (f) => f, getCurrentDirectory: () => dir, getNewLine: () => '\n' };
}
