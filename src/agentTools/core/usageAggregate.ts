// Sums and counts of a commit's usage events, grouped by month and/or a `data` key: what a model
// needs of a million rows, never the rows. Revenue sums are exact decimals.
import { DecimalSum } from '../../shared/exactDecimal';
import { stringifyExact } from '../../shared/exactNumber';

/** One usage event as the aggregates read it (from the API's record or from the panel's cache). */
export interface AggregateRow {
  periodMonth: string;
  revenue: unknown;
  events: unknown;
  isAdjustment: boolean;
  dataValue(key: string): unknown;
}

export interface AggregateQuery {
  byMonth: boolean;
  byDataKey?: string | undefined;
  /** Period months from and to, inclusive, as YYYY-MM. */
  fromMonth?: string | undefined;
  toMonth?: string | undefined;
  /** `data` values an event must hold, compared as their JSON text ("42" matches 42 and "42"). */
  where?: readonly { key: string; equals: string | number | boolean | null }[] | undefined;
  includeAdjustments: boolean;
}

export interface AggregateGroup {
  period_month?: string;
  /** The data key's value as JSON text, or null when the event has no such key. */
  value?: string | null;
  rows: number;
  total_events: string;
  revenue: string;
}

export interface AggregateResult {
  groups: AggregateGroup[];
  totals: { rows: number; total_events: string; revenue: string };
  /** Events read, before the filters. */
  scanned: number;
  /** Revenue or event counts that were not numbers, left out of the sums (and said). */
  unreadableAmounts: number;
}

/** A data value as one comparable text: strings as they are, anything else as its JSON. */
function keyText(value: unknown): string | null {
  if (value === undefined) return null;
  return typeof value === 'string' ? value : stringifyExact(value);
}

function monthOf(periodMonth: string): string {
  return periodMonth.slice(0, 7);
}

interface Acc {
  month: string | undefined;
  value: string | null | undefined;
  rows: number;
  events: bigint;
  revenue: DecimalSum;
}

/** Reads every page once and keeps one accumulator per group. */
export async function aggregateUsage(pages: AsyncIterable<readonly AggregateRow[]>, q: AggregateQuery): Promise<AggregateResult> {
  const groups = new Map<string, Acc>();
  const total: Acc = { month: undefined, value: undefined, rows: 0, events: 0n, revenue: new DecimalSum() };
  let scanned = 0;
  let unreadable = 0;
  const wanted = (q.where ?? []).map((w) => ({ key: w.key, text: keyText(w.equals) }));
  for await (const page of pages) {
    for (const row of page) {
      scanned++;
      if (!q.includeAdjustments && row.isAdjustment) continue;
      const month = monthOf(row.periodMonth);
      if (q.fromMonth !== undefined && month < q.fromMonth) continue;
      if (q.toMonth !== undefined && month > q.toMonth) continue;
      if (!wanted.every((w) => keyText(row.dataValue(w.key)) === w.text)) continue;
      const value = q.byDataKey === undefined ? undefined : keyText(row.dataValue(q.byDataKey));
      const id = `${q.byMonth ? month : ''}\u0000${value ?? '\u0001'}`;
      let acc = groups.get(id);
      if (!acc) {
        acc = { month: q.byMonth ? month : undefined, value, rows: 0, events: 0n, revenue: new DecimalSum() };
        groups.set(id, acc);
      }
      for (const a of [acc, total]) a.rows++;
      if (row.revenue !== undefined && row.revenue !== null) {
        const ok = typeof row.revenue === 'number' || typeof row.revenue === 'string' ? acc.revenue.add(row.revenue) && total.revenue.add(row.revenue) : false;
        if (!ok) unreadable++;
      }
      if (row.events !== undefined && row.events !== null) {
        if (typeof row.events === 'number' && Number.isSafeInteger(row.events)) {
          acc.events += BigInt(row.events);
          total.events += BigInt(row.events);
        } else unreadable++;
      }
    }
  }
  const list = [...groups.values()].sort((a, b) => (a.month ?? '').localeCompare(b.month ?? '') || (a.value ?? '').localeCompare(b.value ?? ''));
  return {
    groups: list.map((a) => ({
      ...(q.byMonth ? { period_month: a.month ?? '' } : {}),
      ...(q.byDataKey !== undefined ? { value: a.value ?? null } : {}),
      rows: a.rows,
      total_events: a.events.toString(),
      revenue: a.revenue.toString(),
    })),
    totals: { rows: total.rows, total_events: total.events.toString(), revenue: total.revenue.toString() },
    scanned,
    unreadableAmounts: unreadable,
  };
}
