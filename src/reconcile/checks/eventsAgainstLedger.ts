// Check 3, events against the ledger: the usage events that name each consumption row, summed,
// against the row; events that name no row or one the ledger lacks; and adjustments against the
// row's `adjustments` entry for the month they correct.
import { DecimalSum } from '../../shared/exactDecimal';
import { adjustmentEntries, monthOf } from './adjustmentEntries';
import type { EventGroup } from './eventGroups';
import type { LedgerRow } from './inputs';
import { compare } from './lines';
import { isNil, minus, money, total, type Money } from './money';
import type { AdjustmentLine, EventLine, EventRowLine, EventStrayLine, LineVerdict } from './types';

interface Tally {
  revenue: DecimalSum;
  events: number;
  rows: number;
  missingRevenue: number;
}

function tally(): Tally {
  return { revenue: new DecimalSum(), events: 0, rows: 0, missingRevenue: 0 };
}

function add(t: Tally, g: EventGroup): void {
  t.revenue.addSum(g.revenue);
  t.events += g.events;
  t.rows += g.rows;
  t.missingRevenue += g.missingRevenue;
}

function tallyBy<K>(groups: readonly EventGroup[], key: (g: EventGroup) => K): Map<K, Tally> {
  const out = new Map<K, Tally>();
  for (const g of groups) {
    const k = key(g);
    let t = out.get(k);
    if (!t) out.set(k, (t = tally()));
    add(t, g);
  }
  return out;
}

function worst(a: LineVerdict, b: LineVerdict): LineVerdict {
  const rank: Record<LineVerdict, number> = { agrees: 0, undocumented: 1, cannotCheck: 2, differs: 3 };
  return rank[a] >= rank[b] ? a : b;
}

/** `lastClosedMonth`: the month of the ledger's last period_end; events after it are not rolled up yet. */
export function eventLines(rows: readonly LedgerRow[], groups: readonly EventGroup[], digits: number, lastClosedMonth: string | null): EventLine[] {
  const lines: EventLine[] = [];
  const known = new Set(rows.map((r) => r.id));
  const byRow = tallyBy(groups, (g) => g.consumption);
  for (const row of rows) {
    const t = byRow.get(row.id) ?? tally();
    const revenue = compare(money(row.gross_usage_amount), t.missingRevenue > 0 ? undefined : t.revenue.toString(), digits);
    const expectedEvents = typeof row.total_events === 'number' ? row.total_events : null;
    // Campfire says the row's total_events is the "number of usage events rolled up" and an event's the
    // "count represented by this row": a row counting the events themselves is shown, not judged.
    const countVerdict: LineVerdict = t.events === expectedEvents ? 'agrees' : t.rows === expectedEvents ? 'undocumented' : 'differs';
    const events: EventRowLine['events'] = expectedEvents === null ? null : { expected: expectedEvents, actual: t.events, difference: t.events - expectedEvents, verdict: countVerdict };
    lines.push({ kind: 'row', rowId: row.id, periodStart: row.period_start, revenue, events, rows: t.rows, verdict: worst(revenue.verdict, events?.verdict ?? 'agrees') });
  }
  // Events naming no row, or a row the ledger lacks, per month, in month order.
  const stray = tallyBy(
    groups.filter((g) => g.consumption === null || !known.has(g.consumption)),
    (g) => `${g.periodMonth ?? ''}|${g.consumption ?? ''}`,
  );
  for (const [key, t] of [...stray].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const [month = '', c = ''] = key.split('|');
    const consumption = c === '' ? null : Number(c);
    const periodMonth = month === '' ? null : month;
    const open = consumption === null && periodMonth !== null && (lastClosedMonth === null || periodMonth > lastClosedMonth);
    const line: EventStrayLine = {
      kind: consumption === null ? 'noRow' : 'unknownRow',
      consumption,
      periodMonth,
      revenue: t.revenue.toString(),
      events: t.events,
      rows: t.rows,
      open,
      verdict: open ? 'agrees' : 'differs',
    };
    lines.push(line);
  }
  lines.push(...adjustmentLines(rows, groups, digits));
  return lines;
}

function adjustmentLines(rows: readonly LedgerRow[], groups: readonly EventGroup[], digits: number): AdjustmentLine[] {
  const lines: AdjustmentLine[] = [];
  const byRow = new Map(rows.map((r) => [r.id, r]));
  const events = tallyBy(
    groups.filter((g) => g.isAdjustment && g.consumption !== null && byRow.has(g.consumption)),
    (g) => `${g.consumption ?? ''}|${g.originalPeriodMonth === null ? '' : monthOf(g.originalPeriodMonth)}`,
  );
  // The ledger's entries, per row and month corrected; an entry whose month or gross cannot be read makes its row's adjustments unreadable.
  const ledger = new Map<string, Money[]>();
  const unreadable = new Set<number>();
  for (const row of rows) {
    for (const e of adjustmentEntries(row.adjustments)) {
      if (e.month === null || e.gross === undefined) {
        unreadable.add(row.id);
        continue;
      }
      const key = `${row.id}|${e.month}`;
      ledger.set(key, [...(ledger.get(key) ?? []), e.gross]);
    }
  }
  const keys = [...new Set([...events.keys(), ...ledger.keys()])].sort();
  for (const key of keys) {
    const [rowText = '', month = ''] = key.split('|');
    const rowId = Number(rowText);
    const t = events.get(key) ?? tally();
    const entries = ledger.get(key);
    const ledgerGross = entries ? total(entries) : null;
    const revenue = t.revenue.toString();
    let verdict: LineVerdict;
    let difference: Money | null = null;
    if (unreadable.has(rowId)) verdict = 'undocumented';
    else if (t.missingRevenue > 0) verdict = 'cannotCheck';
    else {
      difference = minus(revenue, ledgerGross ?? '0');
      verdict = isNil(difference, digits) ? 'agrees' : 'differs';
    }
    lines.push({ kind: 'adjustment', rowId, correctsMonth: month === '' ? null : month, revenue, ledger: ledgerGross, difference, rows: t.rows, verdict });
  }
  return lines;
}
