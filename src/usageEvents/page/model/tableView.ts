// What the table shows: the loaded rows that pass the filters, in sort order, optionally grouped
// by period month with a subtotal row per group. Appending rows extends the view (new rows are
// filtered, sorted among themselves and merged in) instead of rebuilding it.
import { DecimalSum } from '../../../shared/exactDecimal';
import type { UsageEventField } from '../../protocol/usageEventRow';
import type { SortSpec } from '../../protocol/usageEventsMessages';
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

/** Revenue sums are exact decimal text (src/shared/exactDecimal.ts): what the table states adds up to the cent. */
export interface Group {
  month: string;
  rows: number;
  revenue: string;
  events: number;
  adjustmentRevenue: string;
  collapsed: boolean;
}

export interface Totals {
  rows: number;
  revenue: string;
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

/**
 * The rows in sort order, the same order as makeComparator gives, without a comparator: a counting
 * sort on each row's rank among the column's distinct keys, O(rows + distinct keys). Rows of equal
 * rank keep the order they come in (row order, from the filter), so the sort is stable.
 */
export function sortRows(rows: Uint32Array, ranked: { ranks: Float64Array; distinct: number }, _fallback: () => (a: number, b: number) => number, direction: 'asc' | 'desc'): Uint32Array {
  const n = rows.length;
  if (n < 2) return rows;
  const { ranks, distinct } = ranked;
  // Missing keys rank after every present key, in both directions.
  const rankOf = (row: number) => {
    const r = ranks[row] as number;
    return r !== r ? distinct : direction === 'asc' ? r : distinct - 1 - r;
  };
  const starts = new Uint32Array(distinct + 2);
  for (let i = 0; i < n; i++) {
    const k = rankOf(rows[i] as number) + 1;
    starts[k] = (starts[k] as number) + 1;
  }
  for (let k = 1; k < starts.length; k++) starts[k] = (starts[k] as number) + (starts[k - 1] as number);
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const row = rows[i] as number;
    const k = rankOf(row);
    out[starts[k] as number] = row;
    starts[k] = (starts[k] as number) + 1;
  }
  return out;
}

/**
 * The rows ordered by numeric keys, as makeComparator orders them (missing keys, NaN, last in both
 * directions; ties in the order the rows come in): a least-significant-digit radix sort on the
 * keys' bits, four stable passes of 16 bits, O(rows). A million rows take tens of milliseconds
 * where a comparator sort takes seconds.
 */
export function sortRowsByNumber(rows: Uint32Array, keys: Float64Array, direction: 'asc' | 'desc'): Uint32Array {
  const n = rows.length;
  if (n < 2) return rows;
  const lo = new Uint32Array(n);
  const hi = new Uint32Array(n);
  const f = new Float64Array(1);
  const u = new Uint32Array(f.buffer);
  const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  const L = little ? 0 : 1;
  const H = 1 - L;
  const desc = direction === 'desc';
  for (let i = 0; i < n; i++) {
    const v = keys[rows[i] as number] as number;
    let h: number;
    let l: number;
    if (v !== v) {
      h = 0xffffffff;
      l = 0xffffffff;
    } else {
      f[0] = v === 0 ? 0 : v; // -0 ties with 0
      h = u[H] as number;
      l = u[L] as number;
      // IEEE 754 bits made to compare as unsigned integers in numeric order.
      if (h >= 0x80000000) {
        h = ~h >>> 0;
        l = ~l >>> 0;
      } else h = (h | 0x80000000) >>> 0;
      if (desc) {
        h = ~h >>> 0;
        l = ~l >>> 0;
      }
    }
    hi[i] = h;
    lo[i] = l;
  }
  let idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  let tmp = new Uint32Array(n);
  const count = new Uint32Array(65_537);
  for (let pass = 0; pass < 4; pass++) {
    const src = pass < 2 ? lo : hi;
    const shift = (pass & 1) * 16;
    count.fill(0);
    for (let i = 0; i < n; i++) {
      const d = (((src[i] as number) >>> shift) & 0xffff) + 1;
      count[d] = (count[d] as number) + 1;
    }
    // A pass where every key has the same digit changes nothing.
    if (count[(((src[0] as number) >>> shift) & 0xffff) + 1] === n) continue;
    for (let d = 1; d < count.length; d++) count[d] = (count[d] as number) + (count[d - 1] as number);
    for (let i = 0; i < n; i++) {
      const at = idx[i] as number;
      const d = ((src[at] as number) >>> shift) & 0xffff;
      tmp[count[d] as number] = at;
      count[d] = (count[d] as number) + 1;
    }
    const t = idx;
    idx = tmp;
    tmp = t;
  }
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = rows[idx[i] as number] as number;
  return out;
}

export class TableView {
  /** Matching row indices in display order (before grouping). */
  order: Uint32Array = new Uint32Array(0);
  /** What the grid draws: a row index (>= 0) or a group header (-(g + 1)). */
  display: Int32Array = new Int32Array(0);
  groups: Group[] = [];
  totals: Totals = { rows: 0, revenue: '0', events: 0, adjustments: 0 };
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
    if (from === 0) this.sums = new MonthSums(this.store.months.length);
    this.sums.add(this.store, fresh);
    if (!sort || col === undefined) {
      this.order = from === 0 ? fresh : this.appendOrder(fresh);
    } else if (from === 0) {
      // Numbers: a radix sort on the keys. Text: ranks make a sort several times quicker once they
      // exist; working them out costs about one comparator sort, so a first sort of a column of few
      // rows uses the comparator. Ranks of text kept as a dictionary come from its distinct values.
      const keys = this.store.isNumeric(col) ? this.store.sortKeys(col) : undefined;
      this.order =
        keys?.numeric === true
          ? sortRowsByNumber(fresh, keys.keys, sort.direction)
          : this.store.hasRanks(col) || fresh.length >= RANKS_FROM
            ? sortRows(fresh, this.store.ranks(col), () => makeComparator(this.store.sortKeys(col), sort.direction), sort.direction)
            : fresh.sort(makeComparator(this.store.sortKeys(col), sort.direction));
    } else {
      // Streaming with a sort on: sort the new rows among themselves and merge them in, O(n).
      const cmp = makeComparator(this.store.sortKeys(col), sort.direction);
      this.order = merge(this.order, fresh.sort(cmp), cmp);
    }
    this.regroup();
  }

  /** Sums per period month of the rows in `order` (they do not depend on the order): extended, not recomputed, as rows stream in. */
  private sums = new MonthSums(0);
  /** Room for `order` to grow into while rows stream in unsorted (appends are amortized O(1)). */
  private orderBuffer = new Uint32Array(0);

  private appendOrder(fresh: Uint32Array): Uint32Array {
    const len = this.order.length;
    if (fresh.length === 0) return this.order;
    if (this.order.buffer !== this.orderBuffer.buffer || len + fresh.length > this.orderBuffer.length) {
      const grown = new Uint32Array(Math.max(1024, (len + fresh.length) * 2));
      grown.set(this.order);
      this.orderBuffer = grown;
    }
    this.orderBuffer.set(fresh, len);
    return this.orderBuffer.subarray(0, len + fresh.length);
  }

  private predicates(from: number, to: number): ((row: number) => boolean)[] {
    const preds: ((row: number) => boolean)[] = [];
    const store = this.store;
    if (this.spec.hideAdjustments) preds.push((r) => !store.isAdjustment(r));
    for (const [id, text] of this.spec.columnFilters) {
      const col = store.columnIndex(id);
      const column = col === undefined ? undefined : store.columns[col];
      if (col === undefined || !column) continue;
      const p: CellPredicate | undefined = parseColumnFilter(column.kind, text);
      if (p) preds.push(store.columnPredicate(col, p));
    }
    const needle = this.spec.filter.trim().toLowerCase();
    if (needle && to > from) {
      // Matched column by column over the whole range at once (no search text is kept per row).
      const hits = store.matchRows(needle, from, to);
      preds.push((r) => hits[r - from] === 1);
    }
    return preds;
  }

  private filterRange(from: number, to: number): Uint32Array {
    const preds = this.predicates(from, to);
    const out = new Uint32Array(to - from);
    let k = 0;
    outer: for (let r = from; r < to; r++) {
      for (const p of preds) if (!p(r)) continue outer;
      out[k++] = r;
    }
    return k === out.length ? out : out.slice(0, k);
  }

  /** Groups, totals and the per-month chart series from the month sums; the grouped display from `order`. */
  private regroup(): void {
    const store = this.store;
    const monthCount = store.months.length;
    this.sums.grow(monthCount);
    const { rows, revenue, events, adjustmentRevenue } = this.sums;
    const adjustments = this.sums.adjustments;
    const order = this.order;
    const totals: Totals = { rows: order.length, revenue: '0', events: 0, adjustments };
    const totalRevenue = new DecimalSum();
    const present: number[] = [];
    for (let m = 0; m < monthCount; m++) {
      if (rows[m] === 0) continue;
      present.push(m);
      totalRevenue.addSum(revenue[m] as DecimalSum);
      totals.events += events[m] as number;
    }
    totals.revenue = totalRevenue.toString();
    present.sort((a, b) => ((store.months[a] as string) < (store.months[b] as string) ? -1 : 1));
    this.totals = totals;
    // The chart draws doubles; the exact sums are what the table states.
    this.months = present.map((m) => {
      const adjustmentsOf = (adjustmentRevenue[m] as DecimalSum).toNumber();
      return { month: store.months[m] as string, regular: (revenue[m] as DecimalSum).toNumber() - adjustmentsOf, adjustments: adjustmentsOf };
    });
    if (!this.spec.groupByMonth) {
      this.groups = [];
      // The same memory, read as signed (row indexes are below 2^31): no copy per update.
      this.display = new Int32Array(order.buffer, order.byteOffset, order.length);
      return;
    }
    // Groups follow the period month, newest first when the table is sorted by period month descending.
    const desc = this.spec.sort?.column === ('period_month' satisfies UsageEventField) && this.spec.sort.direction === 'desc';
    const ordered = desc ? [...present].reverse() : present;
    const groupOf = new Int32Array(monthCount);
    this.groups = ordered.map((m, g) => {
      groupOf[m] = g;
      const month = store.months[m] as string;
      return { month, rows: rows[m] as number, revenue: (revenue[m] as DecimalSum).toString(), events: events[m] as number, adjustmentRevenue: (adjustmentRevenue[m] as DecimalSum).toString(), collapsed: this.spec.collapsed.has(month) };
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

/** From this many rows a first sort of text works out ranks rather than comparing keys (quicker at large sizes). */
const RANKS_FROM = 20_000;

/** Rows, revenue (exact decimal sums), events and adjustments per period month (indexed by the store's monthId). */
class MonthSums {
  rows: Float64Array;
  revenue: DecimalSum[];
  events: Float64Array;
  adjustmentRevenue: DecimalSum[];
  adjustments = 0;

  constructor(months: number) {
    this.rows = new Float64Array(months);
    this.revenue = Array.from({ length: months }, () => new DecimalSum());
    this.events = new Float64Array(months);
    this.adjustmentRevenue = Array.from({ length: months }, () => new DecimalSum());
  }

  /** Makes room for months that appeared since. */
  grow(months: number): void {
    if (months <= this.rows.length) return;
    const g = (a: Float64Array) => {
      const b = new Float64Array(months);
      b.set(a);
      return b;
    };
    this.rows = g(this.rows);
    this.events = g(this.events);
    while (this.revenue.length < months) this.revenue.push(new DecimalSum());
    while (this.adjustmentRevenue.length < months) this.adjustmentRevenue.push(new DecimalSum());
  }

  add(store: RowStore, rowsToAdd: Uint32Array): void {
    this.grow(store.months.length);
    const { rows, revenue, events, adjustmentRevenue } = this;
    for (let i = 0; i < rowsToAdd.length; i++) {
      const r = rowsToAdd[i] as number;
      const m = store.monthId(r);
      const rev = store.revenue(r);
      rows[m] = (rows[m] as number) + 1;
      (revenue[m] as DecimalSum).add(rev);
      events[m] = (events[m] as number) + store.events(r);
      if (store.isAdjustment(r)) {
        this.adjustments++;
        (adjustmentRevenue[m] as DecimalSum).add(rev);
      }
    }
  }
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
