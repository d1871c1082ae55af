// Per-column filters. Text columns match a case-insensitive substring of what is shown, or the whole
// of it after "=" (and anything else after "!="). Number and date columns also take comparisons:
// ">100", "<=0", "=5", "!=0" or a range "10..20" (dates as YYYY-MM-DD or a prefix such as 2025-03,
// timestamps down to the second). Other text in a number or date column matches what is shown.
// A comparison or a range whose value is not a number (or not a date) is an error, with its reason
// in words: the view then ignores that filter (every row stays) and the field shows why.
import * as l10n from '@vscode/l10n';
import { approxNumber } from '../../../shared/exactNumber';
import { isNumericKind, type ColumnKind } from './columns';

export type CellPredicate = (value: unknown, shown: string) => boolean;

/** What a column's filter text means: a predicate (none for an empty filter), or why it means nothing. */
export type ParsedColumnFilter = { ok: true; predicate: CellPredicate | undefined } | { ok: false; error: string };

const COMPARISON = /^(>=|<=|!=|>|<|=)\s*(.*)$/;
const RANGE = /^(.*?)\s*\.\.\s*(.*)$/;
/** YYYY, YYYY-MM, YYYY-MM-DD, then optionally a time of day: the prefixes of an ISO date or timestamp. */
const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2}))?)?)?)?)?$/;

type Measure = (v: unknown) => number | undefined;

function isDateKind(kind: ColumnKind): boolean {
  return kind === 'date' || kind === 'datetime';
}

/** Whether a column's filter takes comparisons and ranges (numbers and dates; the adjustment flag is text). */
export function comparesValues(kind: ColumnKind): boolean {
  return (isNumericKind(kind) && kind !== 'flag') || isDateKind(kind);
}

function parseNumber(raw: string): number | undefined {
  const s = raw.replace(/[,\s_]/g, '');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/** The date (or its prefix) in ISO form, or undefined when it is not a date: 2025-13 and 2025-02-30 are not. */
function parseDate(raw: string): string | undefined {
  const m = DATE.exec(raw);
  if (!m) return undefined;
  const [, y, mo, d, hh, mm, ss] = m;
  if (mo !== undefined && (Number(mo) < 1 || Number(mo) > 12)) return undefined;
  if (d !== undefined) {
    const days = new Date(Date.UTC(Number(y), Number(mo), 0)).getUTCDate();
    if (Number(d) < 1 || Number(d) > days) return undefined;
  }
  if (hh !== undefined && Number(hh) > 23) return undefined;
  if (mm !== undefined && Number(mm) > 59) return undefined;
  if (ss !== undefined && Number(ss) > 59) return undefined;
  return raw.replace(' ', 'T');
}

/** How a cell compares with `raw` (negative: before it), or why `raw` is no value of this column. */
function measureFor(kind: ColumnKind, raw: string): { measure: Measure } | { error: string } {
  if (isDateKind(kind)) {
    const d = parseDate(raw);
    if (d === undefined) return { error: l10n.t('"{0}" is not a date: write 2025-03-14, 2025-03 or 2025.', raw) };
    // Compare on the prefix the user typed: "<2025-03" means before March 2025.
    return {
      measure: (v) => {
        if (typeof v !== 'string') return undefined;
        const head = v.slice(0, d.length);
        return head < d ? -1 : head > d ? 1 : 0;
      },
    };
  }
  const n = parseNumber(raw);
  if (n === undefined) return { error: l10n.t('"{0}" is not a number: write > 5, <= 100 or 10..20.', raw) };
  // A number a double would round compares by its nearest double.
  return {
    measure: (v) => {
      const x = approxNumber(v);
      return x === x ? x - n : undefined;
    },
  };
}

function compare(op: string, d: number): boolean {
  switch (op) {
    case '>':
      return d > 0;
    case '>=':
      return d >= 0;
    case '<':
      return d < 0;
    case '<=':
      return d <= 0;
    case '!=':
      return d !== 0;
    default:
      return d === 0;
  }
}

function contains(text: string): CellPredicate {
  const needle = text.toLowerCase();
  return (_v, shown) => shown.toLowerCase().includes(needle);
}

/** Text columns: "=x" is the whole text, "!=x" anything else, the rest a substring. Never an error. */
function textFilter(text: string): CellPredicate {
  const m = /^(!=|=)\s*(.*)$/.exec(text);
  if (!m?.[1] || m[2] === undefined || m[2] === '') return contains(text);
  const whole = m[2].toLowerCase();
  const equal = m[1] === '=';
  return (_v, shown) => (shown.toLowerCase() === whole) === equal;
}

/** What a column's filter text means, or why it means nothing (in words, for the field). */
export function checkColumnFilter(kind: ColumnKind, text: string): ParsedColumnFilter {
  const s = text.trim();
  if (s === '') return { ok: true, predicate: undefined };
  // "=" alone: the cells without a value; "!=" alone: those with one (any kind of column).
  if (s === '=' || s === '!=') {
    const empty = s === '=';
    return { ok: true, predicate: (v) => (v === null || v === undefined || v === '') === empty };
  }
  if (!comparesValues(kind)) return { ok: true, predicate: textFilter(s) };
  const cmp = COMPARISON.exec(s);
  if (cmp?.[1] !== undefined && cmp[2] !== undefined) {
    const op = cmp[1];
    const raw = cmp[2].trim();
    if (raw === '') return { ok: false, error: isDateKind(kind) ? l10n.t('Write a date after {0}, as in {0} 2025-03.', op) : l10n.t('Write a number after {0}, as in {0} 100.', op) };
    const m = measureFor(kind, raw);
    if ('error' in m) return { ok: false, error: m.error };
    return {
      ok: true,
      predicate: (v) => {
        const d = m.measure(v);
        return d !== undefined && compare(op, d);
      },
    };
  }
  const range = RANGE.exec(s);
  if (range?.[1] !== undefined && range[2] !== undefined) {
    const [lo, hi] = [range[1].trim(), range[2].trim()];
    if (lo === '' || hi === '' || hi.includes('..')) {
      return { ok: false, error: isDateKind(kind) ? l10n.t('A range needs a date on both sides of "..", as in 2025-01..2025-03.') : l10n.t('A range needs a number on both sides of "..", as in 10..20.') };
    }
    const a = measureFor(kind, lo);
    if ('error' in a) return { ok: false, error: a.error };
    const b = measureFor(kind, hi);
    if ('error' in b) return { ok: false, error: b.error };
    return {
      ok: true,
      predicate: (v) => {
        const x = a.measure(v);
        const y = b.measure(v);
        return x !== undefined && y !== undefined && x >= 0 && y <= 0;
      },
    };
  }
  return { ok: true, predicate: contains(s) };
}

/**
 * The filter's predicate; undefined for an empty filter and for one with an error (the view then
 * keeps every row: the field says what is wrong, checkColumnFilter has the reason).
 */
export function parseColumnFilter(kind: ColumnKind, text: string): CellPredicate | undefined {
  const parsed = checkColumnFilter(kind, text);
  return parsed.ok ? parsed.predicate : undefined;
}

/** The lines of a column filter's tooltip: the syntax its kind takes, with examples. */
export function filterSyntax(kind: ColumnKind): string[] {
  if (isDateKind(kind)) {
    return [
      l10n.t('Filter by date:'),
      l10n.t('2025-03  dates in March 2025 (any part of a date)'),
      l10n.t('> 2025-03-14  after that day;  >=, <, <= also work'),
      l10n.t('2025-01..2025-03  from January to March 2025'),
      l10n.t('= 2025-03-14  that day;  != 2025-03-14  any other day'),
      l10n.t('=  no date;  !=  any date'),
    ];
  }
  if (comparesValues(kind)) {
    return [
      l10n.t('Filter by number:'),
      l10n.t('> 5  more than 5;  >=, <, <= also work'),
      l10n.t('10..20  from 10 to 20'),
      l10n.t('= 5  exactly 5;  != 0  anything but 0'),
      l10n.t('=  no value;  !=  any value'),
      l10n.t('Other text: what is shown contains it'),
    ];
  }
  return [l10n.t('Filter by text:'), l10n.t('abc  contains abc (any case)'), l10n.t('= abc  exactly abc;  != abc  anything else'), l10n.t('=  no value;  !=  any value')];
}

/** The placeholder of a column's filter box: an example a new user can follow. */
export function filterPlaceholder(kind: ColumnKind): string {
  if (isDateKind(kind)) return l10n.t('e.g. 2025-03');
  if (comparesValues(kind)) return l10n.t('e.g. > 100');
  return l10n.t('Filter');
}
