// One CSV cell (RFC 4180) or TSV cell, shared by exports and the panel's Copy so both write a value alike.
import { ExactNumber, stringifyExact } from './exactNumber';

/**
 * A formula sign (ASCII or fullwidth), tab or CR first, also behind whitespace or invisible
 * characters a spreadsheet may trim and a reader cannot see. The first branch is one character
 * class, so a plain string fails fast on millions of cells.
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
 * The text of one cell, before the format's quoting or escaping: numbers in their shortest
 * round-trip form (Campfire's digits), an ExactNumber as its literal, nested values as JSON, and
 * text a spreadsheet would run as a formula behind an apostrophe.
 */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? String(value) : '';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return guardFormula(value);
    case 'object':
      // A number, so not guarded: -9223372036854775809 is no formula.
      if (value instanceof ExactNumber) return value.text;
      return guardFormula(stringifyExact(value));
    default:
      return ''; // JSON has no other types
  }
}

/** One RFC 4180 field: text quoted when it must be (numbers and booleans never need it). */
export function csvCell(value: unknown): string {
  const text = cellText(value);
  return typeof value === 'string' || (typeof value === 'object' && value !== null && !(value instanceof ExactNumber)) ? csvField(text) : text;
}

const TSV_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * The text as one field of an export's TSV, without loss: a backslash, tab, line feed or carriage
 * return is written as \\, \t, \n or \r (the escapes of PostgreSQL's text format and Miller), so
 * every line is one row and every tab ends a field. (The panel's Copy pastes into spreadsheets,
 * which read no escapes, and writes spaces instead.)
 */
export function tsvEscaped(text: string): string {
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => TSV_ESCAPES[c] ?? c) : text;
}

export function tsvCell(value: unknown): string {
  return tsvEscaped(cellText(value));
}
