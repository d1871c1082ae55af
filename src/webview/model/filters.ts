// Per-column filters. Text columns match a case-insensitive substring of what is shown. Number and
// date columns also take comparisons: ">100", "<=0", "=5", "!=0" or a range "10..20" (dates as
// YYYY-MM-DD or a prefix such as 2025-03). Anything else falls back to a substring match.
import { isNumericKind, type ColumnKind } from './columns';

export type CellPredicate = (value: unknown, shown: string) => boolean;

const COMPARISON = /^(>=|<=|!=|>|<|=)\s*(.+)$/;
const RANGE = /^(.+?)\s*\.\.\s*(.+)$/;

function compareWith(kind: ColumnKind, raw: string): ((v: unknown) => number | undefined) | undefined {
  if (isNumericKind(kind)) {
    const n = Number(raw.replace(/[,\s]/g, ''));
    if (!Number.isFinite(n)) return undefined;
    return (v) => (typeof v === 'number' ? v - n : undefined);
  }
  if (kind === 'date' || kind === 'datetime') {
    if (!/^\d{4}(-\d{2}){0,2}/.test(raw)) return undefined;
    // Compare on the prefix the user typed: "<2025-03" means before March 2025.
    return (v) => {
      if (typeof v !== 'string') return undefined;
      const head = v.slice(0, raw.length);
      return head < raw ? -1 : head > raw ? 1 : 0;
    };
  }
  return undefined;
}

export function parseColumnFilter(kind: ColumnKind, text: string): CellPredicate | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const cmp = COMPARISON.exec(t);
  if (cmp?.[1] && cmp[2]) {
    const diff = compareWith(kind, cmp[2].trim());
    if (diff) {
      const op = cmp[1];
      return (v) => {
        const d = diff(v);
        if (d === undefined) return false;
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
      };
    }
  }
  const range = RANGE.exec(t);
  if (range?.[1] && range[2]) {
    const lo = compareWith(kind, range[1].trim());
    const hi = compareWith(kind, range[2].trim());
    if (lo && hi) {
      return (v) => {
        const a = lo(v);
        const b = hi(v);
        return a !== undefined && b !== undefined && a >= 0 && b <= 0;
      };
    }
  }
  const needle = t.toLowerCase();
  return (_v, shown) => shown.toLowerCase().includes(needle);
}
