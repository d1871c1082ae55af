// Every loaded usage event in compact form: one array of cells per row, indexed by column. A wire
// row's fields are already in column order (fixedColumns() follows USAGE_EVENT_FIELDS); columns for
// `data` keys are added as new keys show up. Sort keys and search text are derived lazily, cached
// per column, and extended (not rebuilt) when rows are appended.
import { dataColumnName } from '../../shared/dataColumn';
import { DATA_INDEX, fieldIndex, type UsageEventRow } from '../../shared/usageEventRow';
import { cellText, dataColumn, fixedColumns, isNumericKind, plainText, type Cell, type Column } from './columns';

const REVENUE = fieldIndex('total_revenue_dollars');
const EVENTS = fieldIndex('total_events');
const IS_ADJUSTMENT = fieldIndex('is_adjustment');
const PERIOD_MONTH = fieldIndex('period_month');

/** Numbers sort as numbers, dates chronologically (ISO strings compare in date order), text naturally. */
export type SortKeys = { numeric: true; keys: Float64Array } | { numeric: false; keys: string[] };

interface KeyCache {
  count: number;
  numeric: boolean;
  num: Float64Array;
  str: string[];
}

function lowerBound(sorted: number[], v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Lower-cased text with digit runs padded, so "team-7" sorts before "team-12" by plain comparison. */
export function naturalKey(s: string): string {
  return s.toLowerCase().replace(/\d+/g, (d) => (d.length >= 16 ? d : d.padStart(16, '0')));
}

export class RowStore {
  readonly columns: Column[] = fixedColumns();
  private readonly byId = new Map<string, number>();
  readonly rows: Cell[][] = [];
  private readonly keyCache = new Map<number, KeyCache>();
  private searchTexts: string[] = [];
  /** Hot fields as columns, for totals, grouping and charts without touching row arrays. */
  private revenueCol = new Float64Array(1024);
  private eventsCol = new Float64Array(1024);
  private adjustmentCol = new Uint8Array(1024);
  private monthCol = new Uint32Array(1024);
  /** Distinct period months, indexed by monthCol. */
  readonly months: string[] = [];
  private readonly monthIds = new Map<string, number>();
  private readonly rankCache = new Map<number, { count: number; numeric: boolean; ranks: Float64Array; distinct: number }>();
  /** Bumped when a column is added or changes kind (views re-check their column list). */
  columnsVersion = 0;

  constructor() {
    this.columns.forEach((c, i) => this.byId.set(c.id, i));
  }

  get size(): number {
    return this.rows.length;
  }

  columnIndex(id: string): number | undefined {
    return this.byId.get(id);
  }

  clear(): void {
    this.rows.length = 0;
    const fixed = fixedColumns();
    this.columns.length = fixed.length;
    this.byId.clear();
    fixed.forEach((c, i) => {
      this.columns[i] = c;
      this.byId.set(c.id, i);
    });
    this.keyCache.clear();
    this.rankCache.clear();
    this.searchTexts = [];
    this.months.length = 0;
    this.monthIds.clear();
    this.columnsVersion++;
  }

  private grow(n: number): void {
    if (n <= this.revenueCol.length) return;
    const size = Math.max(n, this.revenueCol.length * 2);
    const f64 = (a: Float64Array) => {
      const b = new Float64Array(size);
      b.set(a);
      return b;
    };
    this.revenueCol = f64(this.revenueCol);
    this.eventsCol = f64(this.eventsCol);
    const adj = new Uint8Array(size);
    adj.set(this.adjustmentCol);
    this.adjustmentCol = adj;
    const month = new Uint32Array(size);
    month.set(this.monthCol);
    this.monthCol = month;
  }

  /** Appends rows; returns the revenue and events they add (missing counts as 0). */
  append(rows: readonly UsageEventRow[]): { revenue: number; events: number } {
    this.grow(this.rows.length + rows.length);
    let revenue = 0;
    let events = 0;
    for (const r of rows) {
      const i = this.rows.length;
      const rev = r[REVENUE];
      const ev = r[EVENTS];
      const rowRevenue = typeof rev === 'number' ? rev : 0;
      const rowEvents = typeof ev === 'number' ? ev : 0;
      this.revenueCol[i] = rowRevenue;
      this.eventsCol[i] = rowEvents;
      revenue += rowRevenue;
      events += rowEvents;
      this.adjustmentCol[i] = r[IS_ADJUSTMENT] === true ? 1 : 0;
      const pm = r[PERIOD_MONTH];
      const month = typeof pm === 'string' ? pm : '';
      let m = this.monthIds.get(month);
      if (m === undefined) {
        m = this.months.length;
        this.months.push(month);
        this.monthIds.set(month, m);
      }
      this.monthCol[i] = m;
      // The fields, as they are: the wire row holds them in column order.
      const cells = r.slice(0, DATA_INDEX) as Cell[];
      for (const [key, value] of r[DATA_INDEX]) {
        const id = dataColumnName(key);
        let index = this.byId.get(id);
        if (index === undefined) {
          index = this.columns.length;
          this.columns.push(dataColumn(key));
          this.byId.set(id, index);
          this.columnsVersion++;
        }
        const column = this.columns[index];
        // A data column stays numeric while every value seen in it is a number.
        if (column && column.kind === 'number' && value !== null && typeof value !== 'number') {
          column.kind = 'text';
          this.keyCache.delete(index);
          this.rankCache.delete(index);
          this.columnsVersion++;
        }
        cells[index] = value;
      }
      this.rows.push(cells);
    }
    return { revenue, events };
  }

  cell(row: number, column: number): Cell {
    return this.rows[row]?.[column];
  }

  text(row: number, column: number): string {
    const c = this.columns[column];
    return c ? cellText(c.kind, this.cell(row, column)) : '';
  }

  isAdjustment(row: number): boolean {
    return this.adjustmentCol[row] === 1;
  }

  /** Revenue (missing counts as 0). */
  revenue(row: number): number {
    return this.revenueCol[row] ?? 0;
  }

  events(row: number): number {
    return this.eventsCol[row] ?? 0;
  }

  /** Index into `months` of the row's period month. */
  monthId(row: number): number {
    return this.monthCol[row] ?? 0;
  }

  periodMonth(row: number): string {
    return this.months[this.monthId(row)] ?? '';
  }

  /**
   * Each row's rank among the column's distinct keys (NaN where missing), and how many distinct keys
   * there are. Ranks hold for any subset of rows, so they are computed once per column and reused by
   * every later sort until rows are appended.
   */
  ranks(column: number): { ranks: Float64Array; distinct: number } {
    const steps = this.rankSteps(column, Infinity);
    for (let r = steps.next(); ; r = steps.next()) if (r.done) return r.value;
  }

  /**
   * The work of `ranks`, in slices of about `slice` rows (a generator, so idle time can do it a
   * little at a time without ever blocking a frame for long).
   */
  *rankSteps(column: number, slice: number): Generator<void, { ranks: Float64Array; distinct: number }> {
    const cached = this.rankCache.get(column);
    const c = this.columns[column];
    const numeric = c ? isNumericKind(c.kind) : false;
    if (cached?.count === this.rows.length && cached.numeric === numeric) return cached;
    const n = this.rows.length;
    for (let upto = Math.min(n, slice); ; upto = Math.min(n, upto + slice)) {
      this.extendKeys(column, upto);
      if (upto >= n) break;
      yield;
    }
    const keys = this.sortKeys(column);
    const ranks = new Float64Array(n);
    let distinct: number;
    if (keys.numeric) {
      const k = keys.keys;
      const sorted = k.slice(0, n).sort(); // NaN sorts last
      yield;
      const uniq: number[] = [];
      for (let i = 0; i < n; i++) {
        const v = sorted[i] as number;
        if (v !== v) break;
        if (uniq.length === 0 || uniq[uniq.length - 1] !== v) uniq.push(v);
      }
      distinct = uniq.length;
      for (let i = 0; i < n; i++) {
        const v = k[i] as number;
        ranks[i] = v === v ? lowerBound(uniq, v) : Number.NaN;
        if (i % slice === slice - 1) yield;
      }
    } else {
      const k = keys.keys;
      const rankOf = new Map<string, number>();
      for (let i = 0; i < n; i++) {
        rankOf.set(k[i] as string, 0);
        if (i % slice === slice - 1) yield;
      }
      rankOf.delete('');
      const uniq = [...rankOf.keys()].sort();
      yield;
      for (let i = 0; i < uniq.length; i++) {
        rankOf.set(uniq[i] as string, i);
        if (i % slice === slice - 1) yield;
      }
      distinct = uniq.length;
      for (let i = 0; i < n; i++) {
        ranks[i] = rankOf.get(k[i] as string) ?? Number.NaN;
        if (i % slice === slice - 1) yield;
      }
    }
    // Rows appended while this ran make the ranks incomplete: then they are not kept.
    const entry = { count: n, numeric: keys.numeric, ranks, distinct };
    if (n === this.rows.length) this.rankCache.set(column, entry);
    return entry;
  }

  /** Sort keys of a column for every loaded row; missing values are NaN / "" and sort last. */
  sortKeys(column: number): SortKeys {
    return this.extendKeys(column, this.rows.length);
  }

  /** True when the column's sort ranks are ready for every loaded row. */
  hasRanks(column: number): boolean {
    return this.rankCache.get(column)?.count === this.rows.length;
  }

  /** Sort keys for the first `upto` rows (lets idle time build them in slices). */
  extendKeys(column: number, upto: number): SortKeys {
    const c = this.columns[column];
    const numeric = c ? isNumericKind(c.kind) : false;
    let cache = this.keyCache.get(column);
    if (!cache || cache.numeric !== numeric) {
      cache = { count: 0, numeric, num: new Float64Array(0), str: [] };
      this.keyCache.set(column, cache);
    }
    const n = Math.min(upto, this.rows.length);
    if (cache.count < n) {
      if (numeric) {
        if (n > cache.num.length) {
          const grown = new Float64Array(Math.max(n, cache.num.length * 2));
          grown.set(cache.num.subarray(0, cache.count));
          cache.num = grown;
        }
        const keys = cache.num;
        for (let i = cache.count; i < n; i++) {
          const v = this.rows[i]?.[column];
          keys[i] = typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : NaN;
        }
      } else {
        for (let i = cache.count; i < n; i++) {
          const v = this.rows[i]?.[column];
          cache.str[i] = v === null || v === undefined ? '' : typeof v === 'string' ? naturalKey(v) : naturalKey(plainText(v));
        }
      }
      cache.count = n;
    }
    return numeric ? { numeric: true, keys: cache.num } : { numeric: false, keys: cache.str };
  }

  /** Lower-cased text of every cell of a row (as shown, plus raw numbers), for the filter box. */
  searchText(row: number): string {
    let s = this.searchTexts[row];
    if (s === undefined) {
      const cells = this.rows[row] ?? [];
      const parts: string[] = [];
      for (let c = 0; c < cells.length; c++) {
        const v = cells[c];
        if (v === null || v === undefined) continue;
        const col = this.columns[c];
        if (!col || col.kind === 'flag') {
          if (v === true) parts.push(cellText('flag', true));
          continue;
        }
        const shown = cellText(col.kind, v);
        parts.push(shown);
        if (typeof v === 'number' && shown !== String(v)) parts.push(String(v));
      }
      s = parts.join('\u0001').toLowerCase();
      this.searchTexts[row] = s;
    }
    return s;
  }
}
