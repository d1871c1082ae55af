// Every loaded usage event, column by column (src/usageEvents/protocol/cellColumns.ts): repeated values as
// dictionary codes in 1-, 2- or 4-byte typed arrays, mostly distinct ones (ids, revenue, external ids,
// timestamps) as Float64Array numbers or Latin-1 bytes with offsets. No object or array per row: a
// million rows take about 90 MB (docs/usage-events-panel.md, "A million rows"). A wire row's fields are
// already in column order (fixedColumns() follows USAGE_EVENT_FIELDS); columns for `data` keys are
// added as new keys show up. Sort keys and ranks are derived for the column being sorted only.
import { CellColumn, UsageEventColumns } from '../../protocol/cellColumns';
import { DecimalSum } from '../../../shared/exactDecimal';
import { approxNumber } from '../../../shared/exactNumber';
import { DATA_INDEX, fieldIndex, type UsageEventRow } from '../../protocol/usageEventRow';
import { cellText, dataColumn, fixedColumns, otherDataColumn, formatMoney, formatTimestamp, isNumericKind, plainText, type Cell, type Column, type ColumnKind } from './columns';
import { formatCount } from '../../../shared/countFormat';
import type { CellPredicate } from './filters';

const REVENUE = fieldIndex('total_revenue_dollars');
const EVENTS = fieldIndex('total_events');
const IS_ADJUSTMENT = fieldIndex('is_adjustment');
const PERIOD_MONTH = fieldIndex('period_month');

/** Numbers sort as numbers, dates chronologically (ISO strings compare in date order), text naturally. */
export type SortKeys = { numeric: true; keys: Float64Array } | { numeric: false; keys: string[] };

interface KeyCache {
  column: number;
  count: number;
  numeric: boolean;
  num: Float64Array;
  str: string[];
}

interface RankCache {
  column: number;
  count: number;
  numeric: boolean;
  ranks: Float64Array;
  distinct: number;
}

function lowerBound(sorted: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const ZEROS = '0000000000000000';

/**
 * Lower-cased text with digit runs padded to 16 digits, so "team-7" sorts before "team-12" by
 * plain comparison. A loop rather than a regular expression: a million external ids are keyed on
 * the first sort by them, and the replace callback took most of that time.
 */
export function naturalKey(s: string): string {
  let out = '';
  let copied = 0;
  for (let i = 0; i < s.length; ) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < s.length) {
      const d = s.charCodeAt(end);
      if (d < 48 || d > 57) break;
      end++;
    }
    if (end - i < ZEROS.length) {
      out += s.slice(copied, i) + ZEROS.slice(end - i);
      copied = i;
    }
    i = end;
  }
  return (copied === 0 && out === '' ? s : out + s.slice(copied)).toLowerCase();
}

/**
 * Ranks text keys: `out[i]` becomes the rank of `keys[i]` among the distinct non-empty keys (NaN for
 * an empty key, which is a missing value), and the count of distinct keys is returned. The indexes
 * with a key are ordered by it and ranked by walking that order, where equal keys are neighbours; a
 * map from each distinct key to its rank hashed a million strings twice, which took longer than
 * the sort. Serves a dictionary's values and a column of mostly distinct text alike.
 */
function rankByTextKey(keys: readonly string[], out: Float64Array): number {
  const order: number[] = [];
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] === '') out[i] = Number.NaN;
    else order.push(i);
  }
  order.sort((a, b) => {
    const x = keys[a] as string;
    const y = keys[b] as string;
    return x < y ? -1 : x > y ? 1 : 0;
  });
  let distinct = 0;
  for (let i = 0; i < order.length; i++) {
    const at = order[i] as number;
    if (i > 0 && keys[at] !== keys[order[i - 1] as number]) distinct++;
    out[at] = distinct;
  }
  return order.length > 0 ? distinct + 1 : 0;
}

function textKey(v: Cell): string {
  return v === null || v === undefined ? '' : typeof v === 'string' ? naturalKey(v) : naturalKey(plainText(v));
}

function numericKey(v: Cell): number {
  return typeof v === 'boolean' ? Number(v) : approxNumber(v);
}

/** Characters any number can show in this locale (digits, signs, separators, exponent): a needle with another one never matches a number. */
let numberChars: Set<string> | undefined;
function couldMatchNumber(needle: string): boolean {
  numberChars ??= new Set(Array.from(`${formatMoney(-1234567890.12)}${formatCount(-1234567890)}${String(-1.2345678901e-7)}${String(1e21)}`.toLowerCase()));
  for (const ch of needle) if (!numberChars.has(ch)) return false;
  return true;
}

export class RowStore {
  readonly columns: Column[] = fixedColumns();
  private readonly byId = new Map<string, number>();
  private table = new UsageEventColumns(PERIOD_MONTH);
  /** Sort keys of the column sorted last (one column: a million keys are 8 MB). */
  private keyCache: KeyCache | undefined;
  private rankCache: RankCache | undefined;
  /** Natural sort keys of dictionary entries, per column (extended as dictionaries grow). */
  private readonly dictionaryKeys = new Map<number, string[]>();
  /** Distinct period months, indexed by monthId ('' first: a row without one). */
  private readonly monthList: string[] = [''];
  /** Bumped when a column is added or changes kind (views re-check their column list). */
  columnsVersion = 0;

  constructor() {
    this.columns.forEach((c, i) => this.byId.set(c.id, i));
  }

  get size(): number {
    return this.table.size;
  }

  /** Distinct period months; monthId(row) indexes it. */
  get months(): readonly string[] {
    const dict = this.col(PERIOD_MONTH).dictionary;
    for (let k = this.monthList.length - 1; k < dict.length; k++) {
      const v = dict[k];
      this.monthList.push(typeof v === 'string' ? v : plainText(v));
    }
    return this.monthList;
  }

  columnIndex(id: string): number | undefined {
    return this.byId.get(id);
  }

  private col(column: number): CellColumn {
    return this.table.columns[column] as CellColumn;
  }

  clear(): void {
    this.table.clear();
    const fixed = fixedColumns();
    this.columns.length = fixed.length;
    this.byId.clear();
    fixed.forEach((c, i) => {
      this.columns[i] = c;
      this.byId.set(c.id, i);
    });
    this.keyCache = undefined;
    this.rankCache = undefined;
    this.dictionaryKeys.clear();
    this.monthList.length = 1;
    this.columnsVersion++;
  }

  /**
   * Takes a whole column store as its rows (the panel's, sent as bytes: rows from the cache);
   * returns their revenue and events, as append does.
   */
  adopt(table: UsageEventColumns): { revenue: DecimalSum; events: number } {
    this.clear();
    this.table = table;
    this.addDataColumns();
    const revenue = new DecimalSum();
    let events = 0;
    for (let i = 0; i < table.size; i++) {
      revenue.add(this.revenue(i));
      events += this.events(i);
    }
    return { revenue, events };
  }

  /** Appends rows; returns the revenue (summed exactly in decimal) and events they add (missing counts as 0). */
  append(rows: readonly UsageEventRow[]): { revenue: DecimalSum; events: number } {
    const revenue = new DecimalSum();
    let events = 0;
    for (const r of rows) {
      const rev = r[REVENUE];
      const ev = r[EVENTS];
      if (typeof rev === 'number') revenue.add(rev);
      if (typeof ev === 'number') events += ev;
    }
    this.table.append(rows);
    this.addDataColumns();
    return { revenue, events };
  }

  private addDataColumns(): void {
    // Columns for data keys seen for the first time.
    for (let c = this.columns.length; c < this.table.columns.length; c++) {
      const column = c === this.table.overflowColumn ? otherDataColumn() : dataColumn(this.table.dataKeys[c - DATA_INDEX] as string);
      this.columns.push(column);
      this.byId.set(column.id, c);
      this.columnsVersion++;
    }
    // A data column stays numeric while every value seen in it is a number.
    for (let c = DATA_INDEX; c < this.columns.length; c++) {
      const column = this.columns[c] as Column;
      if (column.kind === 'number' && this.col(c).hasNonNumber) {
        column.kind = 'text';
        if (this.keyCache?.column === c) this.keyCache = undefined;
        if (this.rankCache?.column === c) this.rankCache = undefined;
        this.columnsVersion++;
      }
    }
  }

  /** How many distinct `data` keys have no column of their own (they are in the overflow column), for the panel's warning. */
  get otherDataKeys(): number {
    return this.table.otherDataKeys;
  }

  cell(row: number, column: number): Cell {
    if (row < 0 || row >= this.table.size) return undefined;
    return this.table.columns[column]?.get(row);
  }

  text(row: number, column: number): string {
    const c = this.columns[column];
    return c ? cellText(c.kind, this.cell(row, column)) : '';
  }

  isAdjustment(row: number): boolean {
    return this.col(IS_ADJUSTMENT).get(row) === true;
  }

  /** Revenue (missing counts as 0). */
  revenue(row: number): number {
    const v = this.col(REVENUE).number(row);
    return v === v ? v : 0;
  }

  events(row: number): number {
    const v = this.col(EVENTS).number(row);
    return v === v ? v : 0;
  }

  /** Index into `months` of the row's period month. */
  monthId(row: number): number {
    return this.col(PERIOD_MONTH).code(row);
  }

  periodMonth(row: number): string {
    return this.months[this.monthId(row)] ?? '';
  }

  private dictionaryTextKeys(column: number): string[] {
    const dict = this.col(column).dictionary;
    let keys = this.dictionaryKeys.get(column);
    if (!keys) {
      keys = [''];
      this.dictionaryKeys.set(column, keys);
    }
    for (let k = keys.length - 1; k < dict.length; k++) keys.push(textKey(dict[k]));
    return keys;
  }

  /**
   * Each row's rank among the column's distinct keys (NaN where missing), and how many distinct keys
   * there are. Ranks hold for any subset of rows, so they are kept for the column sorted last and
   * reused by later sorts until rows are appended.
   */
  ranks(column: number): { ranks: Float64Array; distinct: number } {
    const cached = this.rankCache;
    const c = this.columns[column];
    const numeric = c ? isNumericKind(c.kind) : false;
    const n = this.size;
    if (cached?.column === column && cached.count === n && cached.numeric === numeric) return cached;
    const ranks = new Float64Array(n);
    let distinct: number;
    const col = this.col(column);
    if (!numeric && col.isDictionary) {
      // Text kept as a dictionary: rank the distinct values, then look each row's up.
      const dk = this.dictionaryTextKeys(column);
      const rankOfCode = new Float64Array(dk.length);
      distinct = rankByTextKey(dk, rankOfCode);
      for (let i = 0; i < n; i++) ranks[i] = rankOfCode[col.code(i)] as number;
    } else {
      const keys = this.sortKeys(column);
      if (keys.numeric) {
        const k = keys.keys;
        const sorted = k.slice(0, n).sort(); // NaN sorts last
        let u = 0;
        for (let i = 0; i < n; i++) {
          const v = sorted[i] as number;
          if (v !== v) break;
          if (u === 0 || sorted[u - 1] !== v) sorted[u++] = v;
        }
        distinct = u;
        const uniq = sorted.subarray(0, u);
        for (let i = 0; i < n; i++) {
          const v = k[i] as number;
          ranks[i] = v === v ? lowerBound(uniq, v) : Number.NaN;
        }
      } else {
        // Mostly distinct text: each row's key ranked directly.
        distinct = rankByTextKey(keys.keys, ranks);
      }
    }
    const entry: RankCache = { column, count: n, numeric, ranks, distinct };
    this.rankCache = entry;
    return entry;
  }

  /** Sort keys of a column for every loaded row; missing values are NaN / "" and sort last. */
  sortKeys(column: number): SortKeys {
    return this.extendKeys(column);
  }

  /** Whether the column sorts as numbers. */
  isNumeric(column: number): boolean {
    const c = this.columns[column];
    return c ? isNumericKind(c.kind) : false;
  }

  /** True when the column's sort ranks are ready for every loaded row. */
  hasRanks(column: number): boolean {
    const c = this.rankCache;
    return c?.column === column && c.count === this.size;
  }

  /** Sort keys for every loaded row, extended by the rows appended since the last call. Kept for one column at a time. */
  private extendKeys(column: number): SortKeys {
    const c = this.columns[column];
    const numeric = c ? isNumericKind(c.kind) : false;
    let cache = this.keyCache;
    if (cache?.column !== column || cache.numeric !== numeric) {
      cache = { column, count: 0, numeric, num: new Float64Array(0), str: [] };
      this.keyCache = cache;
    }
    const n = this.size;
    if (cache.count < n) {
      const col = this.col(column);
      if (numeric) {
        if (n > cache.num.length) {
          const grown = new Float64Array(Math.max(n, cache.num.length * 2));
          grown.set(cache.num.subarray(0, cache.count));
          cache.num = grown;
        }
        const keys = cache.num;
        for (let i = cache.count; i < n; i++) {
          const v = col.number(i);
          keys[i] = v === v ? v : numericKey(col.get(i));
        }
      } else if (col.isDictionary) {
        // Shared strings: one per distinct value.
        const dk = this.dictionaryTextKeys(column);
        for (let i = cache.count; i < n; i++) cache.str[i] = dk[col.code(i)] as string;
      } else {
        for (let i = cache.count; i < n; i++) cache.str[i] = textKey(col.get(i));
      }
      cache.count = n;
    }
    return numeric ? { numeric: true, keys: cache.num } : { numeric: false, keys: cache.str };
  }

  /**
   * Rows whose cells (as shown, plus raw numbers) contain `needle` (lower-cased), for the filter box.
   * Worked out column by column: a dictionary's distinct values are tested once each; wide columns'
   * Latin-1 text is scanned in place; numbers are formatted only when the needle could be in one.
   */
  matchRows(needle: string, from: number, to: number): Uint8Array {
    const out = new Uint8Array(to - from);
    const mayBeNumber = couldMatchNumber(needle);
    let latin1 = true;
    for (let k = 0; k < needle.length; k++) if (needle.charCodeAt(k) > 255) latin1 = false;
    const matches = (kind: ColumnKind, v: Cell): boolean => {
      if (v === null || v === undefined) return false;
      if (kind === 'flag') return v === true && cellText('flag', true).toLowerCase().includes(needle);
      if (typeof v === 'number') {
        if (!mayBeNumber) return false;
        const shown = cellText(kind, v).toLowerCase();
        return shown.includes(needle) || String(v).toLowerCase().includes(needle);
      }
      return cellText(kind, v).toLowerCase().includes(needle);
    };
    for (let c = 0; c < this.columns.length; c++) {
      const kind = (this.columns[c] as Column).kind;
      const col = this.col(c);
      if (col.isDictionary) {
        const dict = col.dictionary;
        const hit = new Uint8Array(dict.length + 1);
        let any = false;
        for (let k = 0; k < dict.length; k++) {
          if (matches(kind, dict[k])) {
            hit[k + 1] = 1;
            any = true;
          }
        }
        if (!any) continue;
        for (let r = from; r < to; r++) if (hit[col.code(r)] === 1) out[r - from] = 1;
        continue;
      }
      // Wide: numbers, Latin-1 strings and the rest, each its own way.
      const mark = (r: number, v: Cell) => {
        if (r >= from && r < to && out[r - from] === 0 && matches(kind, v)) out[r - from] = 1;
      };
      if (mayBeNumber && kind !== 'flag') col.forEachNumber(to, mark);
      col.forEachOther(to, mark);
      if (kind === 'datetime' || kind === 'flag') {
        // Shown otherwise than stored: each string is formatted.
        if (kind === 'datetime') {
          for (let r = from; r < to; r++) {
            if (out[r - from] === 0 && col.isLatin1String(r) && formatTimestamp(col.get(r) as string).toLowerCase().includes(needle)) out[r - from] = 1;
          }
        }
      } else if (latin1 && needle.length > 0) {
        const all = new Uint8Array(to);
        col.markLatin1Matches(needle, to, all);
        for (let r = from; r < to; r++) if (all[r] === 1) out[r - from] = 1;
      }
    }
    return out;
  }

  /** A row predicate for one column's filter: a dictionary column tests each distinct value once. */
  columnPredicate(column: number, p: CellPredicate): (row: number) => boolean {
    const col = this.col(column);
    const kind = (this.columns[column] as Column).kind;
    if (col.isDictionary) {
      const dict = col.dictionary;
      const hit = new Uint8Array(dict.length + 1);
      hit[0] = p(undefined, '') ? 1 : 0;
      for (let k = 0; k < dict.length; k++) hit[k + 1] = p(dict[k], cellText(kind, dict[k])) ? 1 : 0;
      return (r) => {
        const code = col.code(r);
        // A value new since the predicate was made (rows appended): tested directly.
        return code < hit.length ? hit[code] === 1 : p(col.get(r), cellText(kind, col.get(r)));
      };
    }
    return (r) => {
      const v = col.get(r);
      return p(v, cellText(kind, v));
    };
  }

  /** Bytes the rows' columns hold (typed arrays, plus an estimate for dictionaries). */
  get heldBytes(): number {
    return this.table.heldBytes;
  }
}
