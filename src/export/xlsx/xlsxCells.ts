// One XLSX cell, typed as its value is. No cell ever has an <f> element, so text that looks like a
// formula stays text and needs no apostrophe guard as in CSV.
import { ExactNumber, stringifyExact } from '../../shared/exactNumber';

/** Excel's most characters in one cell; longer text is cut (and counted: see XlsxSpool.truncatedCells). */
export const MAX_CELL_CHARS = 32_767;

/** Style indexes in styles.xml's cellXfs (see xlsxParts.ts). */
export const STYLE = { header: 1, date: 2, timestamp: 3 } as const;

export function columnLetters(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Days from Excel's day 0 (1899-12-30, which absorbs the 1900 leap-year bug) to 1970-01-01. */
const UNIX_EPOCH_SERIAL = 25_569;
const DAY_MS = 86_400_000;
/** The first day Excel's 1900 date system counts correctly (serial 61). */
const FIRST_EXACT_DAY_MS = Date.UTC(1900, 2, 1);
/** The last day Excel shows (9999-12-31). */
const LAST_DAY_MS = Date.UTC(9999, 11, 31);

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** An ISO date-time with seconds optional, a fraction optional, and an offset or Z required. */
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/;

/** The UTC milliseconds of a real calendar day, or undefined (2025-02-30 is not one). */
function dayMs(y: string, m: string, d: string): number | undefined {
  const ms = Date.UTC(Number(y), Number(m) - 1, Number(d));
  const back = new Date(ms);
  if (back.getUTCFullYear() !== Number(y) || back.getUTCMonth() !== Number(m) - 1 || back.getUTCDate() !== Number(d)) return undefined;
  return ms;
}

/** Day of a `YYYY-MM-DD`, remembered (a Date per cell was a tenth of an export's time); bounded against hostile files. */
const dayCache = new Map<string, number | undefined>();
const DAY_CACHE_SIZE = 10_000;
function cachedDayMs(text: string, y: string, m: string, d: string): number | undefined {
  const key = text.slice(0, 10);
  if (dayCache.has(key)) return dayCache.get(key);
  if (dayCache.size >= DAY_CACHE_SIZE) dayCache.clear();
  const ms = dayMs(y, m, d);
  dayCache.set(key, ms);
  return ms;
}

/** The Excel serial and style of a strict ISO date or date-time; undefined for other text and days Excel cannot show. */
export function excelDate(text: string): { serial: number; style: number } | undefined {
  const n = text.length;
  if (n === 10) {
    const m = ISO_DATE.exec(text);
    if (!m) return undefined;
    const ms = cachedDayMs(text, m[1] as string, m[2] as string, m[3] as string);
    if (ms === undefined || ms < FIRST_EXACT_DAY_MS || ms > LAST_DAY_MS) return undefined;
    return { serial: ms / DAY_MS + UNIX_EPOCH_SERIAL, style: STYLE.date };
  }
  if (n < 17 || n > 35) return undefined;
  const m = ISO_DATE_TIME.exec(text);
  if (!m) return undefined;
  const day = cachedDayMs(text, m[1] as string, m[2] as string, m[3] as string);
  const hours = Number(m[4]);
  const minutes = Number(m[5]);
  const seconds = m[6] === undefined ? 0 : Number(m[6]);
  if (day === undefined || hours > 23 || minutes > 59 || seconds > 59) return undefined;
  // Microseconds kept as far as a double holds them (about 1 µs at today's serials).
  const fraction = m[7] === undefined ? 0 : Number(`0.${m[7]}`);
  const zone = m[8] as string;
  const offsetMin = zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  const ms = day + ((hours * 60 + minutes - offsetMin) * 60 + seconds) * 1000;
  if (ms < FIRST_EXACT_DAY_MS || ms >= LAST_DAY_MS + DAY_MS) return undefined;
  return { serial: (ms + fraction * 1000) / DAY_MS + UNIX_EPOCH_SERIAL, style: STYLE.timestamp };
}

/** Excel keeps 15 significant digits, so longer integers (64-bit ids) are written as text; fractions keep their double. */
export function tooManyDigits(n: number): boolean {
  if (!Number.isInteger(n) || Math.abs(n) < 1e15) return false;
  const digits = String(Math.abs(n)).replace(/e\+?\d+$/, '').replace('.', '').replace(/0+$/, '');
  return digits.length > 15;
}

// XML 1.0 cannot hold these; Excel writes them as _xHHHH_ (ECMA-376 §22.9.2.19), so a literal "_xHHHH_" is escaped
// too. A raw CR would be read back as LF.
// eslint-disable-next-line no-control-regex -- these are the characters to find
const NEEDS_ESCAPE = /[&<>\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]|_x[0-9A-Fa-f]{4}_/;
// eslint-disable-next-line no-control-regex -- these are the characters to find
const ESCAPES = /[&<>\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF][\uDC00-\uDFFF]|[\uD800-\uDFFF]|_(?=x[0-9A-Fa-f]{4}_)/g;

function hex4(code: number): string {
  return code.toString(16).toUpperCase().padStart(4, '0');
}

/** Text as XML character data, with what XML cannot hold in Excel's _xHHHH_ form. */
export function xmlText(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(ESCAPES, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '\r':
        return '&#13;';
      case '_':
        return '_x005F_';
      default:
        // A surrogate pair is a valid character: kept. A lone surrogate cannot be written in UTF-8.
        return c.length === 2 ? c : `_x${hex4(c.charCodeAt(0))}_`;
    }
  });
}

export function xmlAttr(text: string): string {
  return xmlText(text).replace(/"/g, '&quot;');
}

/** Cuts text to Excel's limit (or `limit`), never between the two halves of a surrogate pair. */
export function cutToCellLimit(text: string, limit = MAX_CELL_CHARS): string {
  let end = limit;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end);
}

/** Results of writing one cell, beyond its XML: how wide it shows, and whether its text was cut. */
export interface CellWriter {
  /** Display width of the cell last written, in characters (for the column's width). */
  width: number;
  /** Cells whose text was longer than MAX_CELL_CHARS and was cut. */
  truncated: number;
}

function stringCell(ref: string, text: string, w: CellWriter, style = ''): string {
  let t = text;
  if (t.length > MAX_CELL_CHARS) {
    t = cutToCellLimit(t);
    w.truncated++;
  }
  w.width = t.length;
  return `<c r="${ref}"${style} t="inlineStr"><is><t xml:space="preserve">${xmlText(t)}</t></is></c>`;
}

/** The cell at `ref` (e.g. "C5"), or '' for null and absent; nested values as compact JSON text. */
export function xlsxCell(ref: string, value: unknown, w: CellWriter): string {
  if (value === null || value === undefined) {
    w.width = 0;
    return '';
  }
  switch (typeof value) {
    case 'number': {
      if (!Number.isFinite(value)) {
        w.width = 0;
        return '';
      }
      const text = String(value);
      if (tooManyDigits(value)) return stringCell(ref, text, w);
      w.width = text.length;
      // 1e-7 as Excel writes it: 1E-7.
      return `<c r="${ref}"><v>${text.includes('e') ? text.toUpperCase() : text}</v></c>`;
    }
    case 'boolean':
      w.width = value ? 4 : 5;
      return `<c r="${ref}" t="b"><v>${value ? 1 : 0}</v></c>`;
    case 'string': {
      // An empty string is an empty cell, as in CSV (an empty inline string reads back as no value anyway).
      if (value === '') {
        w.width = 0;
        return '';
      }
      const date = value.length >= 10 && value.length <= 35 ? excelDate(value) : undefined;
      if (date) {
        w.width = date.style === STYLE.date ? 10 : 19;
        return `<c r="${ref}" s="${date.style}"><v>${date.serial}</v></c>`;
      }
      return stringCell(ref, value, w);
    }
    case 'object':
      // A number a double would round is text, as Excel would round it too: every digit as sent.
      return stringCell(ref, value instanceof ExactNumber ? value.text : stringifyExact(value), w);
    default:
      w.width = 0;
      return '';
  }
}

/** Header texts cut to Excel's limit and made unique again (" (2)", " (3)", …); `cut` counts the names cut. */
export function xlsxHeader(names: readonly string[]): { texts: string[]; cut: number } {
  const taken = new Set<string>();
  let cut = 0;
  const texts = names.map((name) => {
    if (name.length > MAX_CELL_CHARS) cut++;
    const plain = cutToCellLimit(name);
    let text = plain;
    for (let n = 2; taken.has(text); n++) {
      const suffix = ` (${n})`;
      text = cutToCellLimit(name, MAX_CELL_CHARS - suffix.length) + suffix;
    }
    taken.add(text);
    return text;
  });
  return { texts, cut };
}

export function headerCell(ref: string, name: string, w: CellWriter): string {
  return stringCell(ref, name, w, ` s="${STYLE.header}"`);
}
