// One CSV cell, RFC 4180: quoted when it holds a comma, quote or line break, quotes doubled.
// Strings that a spreadsheet would run as a formula (= + - @, tab, carriage return first) get a
// leading apostrophe; numbers stay numbers.

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function guardFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function quote(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Numbers are written in JavaScript's shortest round-trip form: the same digits Campfire sent,
 * never rounded or padded, so a value reads back exactly as it was. What JSON.parse does not keep
 * cannot be written back: trailing zeros (12.0 is written 12) and the exponent style of tiny or
 * huge values. Nested objects and arrays are compact JSON. null and absent are empty.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? String(value) : '';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return quote(guardFormula(value));
    case 'object':
      return quote(guardFormula(JSON.stringify(value)));
    default:
      return ''; // JSON has no other types
  }
}

export function csvRow(cells: readonly unknown[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    if (i > 0) line += ',';
    line += csvCell(cells[i]);
  }
  return `${line}\r\n`;
}
