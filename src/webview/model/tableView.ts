// What the table shows: the loaded rows that pass the filters, in sort order, optionally grouped
// by period month with a subtotal row per group. Appending rows extends the view (new rows are
// filtered, sorted among themselves and merged in) instead of rebuilding it.
import type { UsageEventField } from '../../shared/usageEventRow';
import type { SortSpec } from '../../shared/usageEventsMessages';
import { parseColumnFilter, type CellPredicate } from './filters';
import type { RowStore, SortKeys } from './rowStore';

export interface ViewSpec {
  filter: string;
  /** Column id -> filter text. */
  columnFilters: Map<string, string>;
  hideAdjustments: boolean;
  sort: SortSpec | null;
  groupByMonth: boolean;
  /** Period months whose group is collapsed. */
  collapsed: Set<string>;
}

export interface Group {
  month: string;
  rows: number;
  revenue: number;
  events: number;
  adjustmentRevenue: number;
  collapsed: boolean;
}

export interface Totals {
  rows: number;
  revenue: number;
  events: number;
  adjustments: number;
}

export interface MonthRevenue {
  month: string;
  regular: number;
  adjustments: number;
}

export function emptySpec(): ViewSpec {
  return { filter: '', columnFilters: new Map(), hideAdjustments: false, sort: null, groupByMonth: false, collapsed: new Set() };
}

/** `a` before `b` by key, missing keys last whatever the direction, ties by load order (stable). */
export function makeComparator(sortKeys: SortKeys, direction: 'asc' | 'desc'): (a: number, b: number) => number {
  const sign = direction === 'asc' ? 1 : -1;
  if (sortKeys.numeric) {
    const k = sortKeys.keys;
    return (a, b) => {
      const x = k[a] as number;
      const y = k[b] as number;
      const xn = x !== x; // NaN: missing
      const yn = y !== y;
      if (xn || yn) return xn === yn ? a - b : xn ? 1 : -1;
      return x < y ? -sign : x > y ? sign : a - b;
    };
  }
  const k = sortKeys.keys;
  return (a, b) => {
    const x = k[a] as string;
    const y = k[b] as string;
    if (x === '' || y === '') return x === y ? a - b : x === '' ? 1 : -1;
    return x < y ? -sign : x > y ? sign : a - b;
  };
}

const INDEX_BITS = 2 ** 21;

/**
 * The rows in sort order, the same order as makeComparator gives, but without calling a comparator
 * per comparison: each row's rank among the column's distinct keys and its index are packed into
 * one float (rank * 2^21 + index, exact below 2^53) and the floats are sorted natively. The index
 * in the low bits keeps the sort stable. Beyond 2^21 rows it falls back to the comparator.
 */
export function sortRows(rows: Uint32Array, ranked: { ranks: Float64Array; distinct: number }, fallback: () => (a: number, b: number) => number, direction: 'asc' | 'desc'): Uint32Array {
  const n = rows.length;
  if (n < 2) return rows;
  if (ranked.ranks.length >= INDEX_BITS) return rows.slice().sort(fallback());
  const { ranks, distinct } = ranked;
  const packed = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = rows[i] as number;
    const r = ranks[row] as number;
    // Missing keys rank after every present key, in both directions.
    const rank = r !== r ? distinct : direction === 'asc' ? r : distinct - 1 - r;
    packed[i] = rank * INDEX_BITS + row;
  }
  packed.sort();
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = (packed[i] as number) % INDEX_BITS;
  return out;
}

export class TableView {
  /** Matching row indices in display order (before grouping). */
  order: Uint32Array = new Uint32Array(0);
  /** What the grid draws: a row index (>= 0) or a group header (-(g + 1)). */
  display: Int32Array = new Int32Array(0);
  groups: Group[] = [];
  totals: Totals = { rows: 0, revenue: 0, events: 0, adjustments: 0 };
  months: MonthRevenue[] = [];
  /** Rows of the store this view has looked at. */
  private seen = 0;

  constructor(
    private readonly store: RowStore,
    public spec: ViewSpec = emptySpec(),
  ) {}

  /** Rebuilds from scratch (after the filters or the sort changed). */
  rebuild(): void {
    this.seen = 0;
    this.order = new Uint32Array(0);
    this.update();
  }

  /** Takes in rows appended to the store since the last call. */
  update(): void {
    const n = this.store.size;
    if (this.seen > n) this.seen = 0; // the store was cleared
    const from = this.seen;
    this.seen = n;
    const fresh = this.filterRange(from, n);
    const sort = this.spec.sort;
    const col = sort ? this.store.columnIndex(sort.column) : undefined;
    if (!sort || col === undefined) {
      this.order = from === 0 ? fresh : concat(this.order, fresh);
    } else if (from === 0) {
      // Ranks make a sort several times quicker once they exist (idle time prepares them); working
      // them out costs more than one comparator sort, so a first sort of a column uses the comparator.
      this.order = this.store.hasRanks(col)
        ? sortRows(fresh, this.store.ranks(col), () => makeComparator(this.store.sortKeys(col), sort.direction), sort.direction)
        : fresh.sort(makeComparator(this.store.sortKeys(col), sort.direction));
    } else {
      // Streaming with a sort on: sort the new rows among themselves and merge them in, O(n).
      const cmp = makeComparator(this.store.sortKeys(col), sort.direction);
      this.order = merge(this.order, fresh.sort(cmp), cmp);
    }
    this.regroup();
  }

  private predicates(): ((row: number) => boolean)[] {
    const preds: ((row: number) => boolean)[] = [];
    const store = this.store;
    if (this.spec.hideAdjustments) preds.push((r) => !store.isAdjustment(r));
    for (const [id, text] of this.spec.columnFilters) {
      const col = store.columnIndex(id);
      const column = col === undefined ? undefined : store.columns[col];
      if (col === undefined || !column) continue;
      const p: CellPredicate | undefined = parseColumnFilter(column.kind, text);
      if (p) preds.push((r) => p(store.cell(r, col), store.text(r, col)));
    }
    const needle = this.spec.filter.trim().toLowerCase();
    if (needle) preds.push((r) => store.searchText(r).includes(needle));
    return preds;
  }

  private filterRange(from: number, to: number): Uint32Array {
    const preds = this.predicates();
    const out = new Uint32Array(to - from);
    let k = 0;
    outer: for (let r = from; r < to; r++) {
      for (const p of preds) if (!p(r)) continue outer;
      out[k++] = r;
    }
    return k === out.length ? out : out.slice(0, k);
  }

  /** Recomputes groups, totals and the per-month chart series from `order`: one pass over typed columns. */
  private regroup(): void {
    const store = this.store;
    const monthCount = store.months.length;
    const rows = new Float64Array(monthCount);
    const revenue = new Float64Array(monthCount);
    const events = new Float64Array(monthCount);
    const adjustmentRevenue = new Float64Array(monthCount);
    let adjustments = 0;
    const order = this.order;
    for (let i = 0; i < order.length; i++) {
      const r = order[i] as number;
      const m = store.monthId(r);
      const rev = store.revenue(r);
      rows[m] = (rows[m] as number) + 1;
      revenue[m] = (revenue[m] as number) + rev;
      events[m] = (events[m] as number) + store.events(r);
      if (store.isAdjustment(r)) {
        adjustments++;
        adjustmentRevenue[m] = (adjustmentRevenue[m] as number) + rev;
      }
    }
    const totals: Totals = { rows: order.length, revenue: 0, events: 0, adjustments };
    const present: number[] = [];
    for (let m = 0; m < monthCount; m++) {
      if (rows[m] === 0) continue;
      present.push(m);
      totals.revenue += revenue[m] as number;
      totals.events += events[m] as number;
    }
    present.sort((a, b) => ((store.months[a] as string) < (store.months[b] as string) ? -1 : 1));
    this.totals = totals;
    this.months = present.map((m) => ({ month: store.months[m] as string, regular: (revenue[m] as number) - (adjustmentRevenue[m] as number), adjustments: adjustmentRevenue[m] as number }));
    if (!this.spec.groupByMonth) {
      this.groups = [];
      this.display = Int32Array.from(order);
      return;
    }
    // Groups follow the period month, newest first when the table is sorted by period month descending.
    const desc = this.spec.sort?.column === ('period_month' satisfies UsageEventField) && this.spec.sort.direction === 'desc';
    const ordered = desc ? [...present].reverse() : present;
    const groupOf = new Int32Array(monthCount);
    this.groups = ordered.map((m, g) => {
      groupOf[m] = g;
      const month = store.months[m] as string;
      return { month, rows: rows[m] as number, revenue: revenue[m] as number, events: events[m] as number, adjustmentRevenue: adjustmentRevenue[m] as number, collapsed: this.spec.collapsed.has(month) };
    });
    // Bucket the rows by group, keeping their sorted order within each group.
    const starts = new Int32Array(this.groups.length + 1);
    let size = 0;
    this.groups.forEach((g, i) => {
      starts[i] = size + 1;
      size += 1 + (g.collapsed ? 0 : g.rows);
    });
    const display = new Int32Array(size);
    const fill = Int32Array.from(starts);
    this.groups.forEach((g, i) => {
      display[(starts[i] as number) - 1] = -(i + 1);
    });
    for (let i = 0; i < order.length; i++) {
      const r = order[i] as number;
      const g = groupOf[store.monthId(r)] as number;
      if (this.groups[g]?.collapsed) continue;
      display[fill[g] as number] = r;
      fill[g] = (fill[g] as number) + 1;
    }
    this.display = display;
  }
}

function concat(a: Uint32Array, b: Uint32Array): Uint32Array {
  if (b.length === 0) return a;
  const out = new Uint32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function merge(a: Uint32Array, b: Uint32Array, cmp: (x: number, y: number) => number): Uint32Array {
  if (b.length === 0) return a;
  const out = new Uint32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (cmp(x, y) <= 0) {
      out[k++] = x;
      i++;
    } else {
      out[k++] = y;
      j++;
    }
  }
  while (i < a.length) out[k++] = a[i++] as number;
  while (j < b.length) out[k++] = b[j++] as number;
  return out;
}
