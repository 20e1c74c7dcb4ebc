/**
 * Text that came from a user (an action name, a function's `.name`, a config string) is made
 * safe before it goes into a message: control characters are escaped, so a name holding
 * `\n` or an ANSI escape cannot forge a log line or recolour a terminal, and long text is
 * truncated, so a 1 MB name does not become a 1 MB message. The whole value stays available
 * in the error's or the event's own fields.
 *
 * @packageDocumentation
 */

/**
 * Characters that can forge or hide text in a human-readable sink: C0 and C1 controls and DEL,
 * the Unicode line and paragraph separators, and the bidirectional overrides and isolates.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- the same set, as a test without the global flag
const HAS_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeOne(char: string): string {
  const short = SHORT_ESCAPES[char];
  if (short !== undefined) return short;
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Whether `text` holds a character that {@link escapeControlCharacters} would escape. */
export function hasControlCharacters(text: string): boolean {
  return HAS_UNSAFE.test(text);
}

/**
 * `text` with every control, line-separator and bidi-override character written as an
 * escape (`\n`, `\x1b`, `\u202e`), so that it prints on one line as what it is.
 *
 * @example
 * ```ts
 * import { escapeControlCharacters } from '@soni/core';
 *
 * escapeControlCharacters('evil\nINFO forged'); // 'evil\\nINFO forged'
 * ```
 */
export function escapeControlCharacters(text: string): string {
  return HAS_UNSAFE.test(text) ? text.replace(UNSAFE, escapeOne) : text;
}

/** Longest user text echoed into a message, in characters. */
export const MAX_ECHO_LENGTH = 120;

/**
 * `text` made safe to echo in a message: control characters escaped, then cut to `max`
 * characters with a note of how long it was (`'aaaa…' (1048576 characters)`).
 *
 * @example
 * ```ts
 * import { userText } from '@soni/core';
 *
 * userText('x'.repeat(1_000_000)); // 'xxx…xxx… (1000000 characters)'
 * ```
 */
export function userText(text: string, max: number = MAX_ECHO_LENGTH): string {
  const escaped = escapeControlCharacters(text);
  if (escaped.length <= max) return escaped;
  return `${escaped.slice(0, Math.max(0, max - 1))}… (${text.length} characters)`;
}
