// @ts-check
// The root config ignores this folder: it holds a plain-JavaScript project that is meant to
// live outside the workspace. It is linted here as such a project would lint itself.
import js from '@eslint/js';

const node = Object.fromEntries(
  ['process', 'console', 'setTimeout', 'clearTimeout', 'AbortController', 'AbortSignal', 'performance', 'require', 'module'].map((name) => [name, 'readonly']),
);

export default [
  js.configs.recommended,
  { languageOptions: { globals: node } },
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
];
