// One CSV cell, RFC 4180: quoted when it holds a comma, quote or line break, quotes doubled.
// Strings that a spreadsheet would run as a formula get a leading apostrophe; numbers stay numbers.
// Shared by the exports and the usage-events panel's Copy (no Node built-ins: it runs in the
// webview too), so a copy and an export of the same value are written alike.
import { ExactNumber, stringifyExact } from './exactNumber';

/**
 * What a spreadsheet may run as a formula: a formula sign first (= + - @, or the fullwidth ＝ ＋ － ＠,
 * which some spreadsheets read as the ASCII ones), a tab or carriage return first, or a formula sign
 * behind a run of whitespace or invisible characters, which a spreadsheet may trim before it looks
 * and a reader cannot see: spaces and line breaks, NBSP, U+1680, the U+2000 spaces with the
 * zero-width characters and direction marks (U+200B–U+200F), line and paragraph separators and
 * bidi embeddings (U+2028–U+202F), U+205F–U+206F (word joiner, invisible operators, bidi isolates),
 * the ideographic space and the BOM. The soft hyphen (U+00AD), the Arabic letter mark (U+061C) and
 * the Mongolian vowel separator (U+180E) are as invisible, so they count too.
 * One anchored pattern, and its first branch is a single character class: a plain string fails it
 * and the second branch on its first character, which keeps this cheap on millions of cells.
 */
const FORMULA_START =
  /^(?:[\t\r=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|[ \t\n\v\f\r\u00A0\u00AD\u061C\u1680\u180E\u2000-\u200F\u2028-\u202F\u205F-\u206F\u3000\uFEFF]+[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/;
const NEEDS_QUOTES = /[",\r\n]/;

/** The text with a leading apostrophe when a spreadsheet could run it; the text itself unchanged. */
export function guardFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** The text as one RFC 4180 field: quoted when it must be, quotes doubled. */
export function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Numbers are written in JavaScript's shortest round-trip form: the same digits Campfire sent,
 * never rounded or padded, so a value reads back exactly as it was. What JSON.parse does not keep
 * cannot be written back: trailing zeros (12.0 is written 12) and the exponent style of tiny or
 * huge values. A number a double would round (an ExactNumber) is its literal as sent. Nested
 * objects and arrays are compact JSON, with those literals too. null and absent are empty.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? String(value) : '';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return csvField(guardFormula(value));
    case 'object':
      // A number, so not guarded: -9223372036854775809 is no formula.
      if (value instanceof ExactNumber) return value.text;
      return csvField(guardFormula(stringifyExact(value)));
    default:
      return ''; // JSON has no other types
  }
}
