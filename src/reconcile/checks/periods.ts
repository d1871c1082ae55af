// Check 4, periods: each month's events (by period_month) against the ledger rows whose period covers
// it. Months after the ledger's last period are open (not rolled up yet), not a difference; a month
// before it that no row covers is one.
import { DecimalSum } from '../../shared/exactDecimal';
import { monthOf } from './adjustmentEntries';
import type { EventGroup } from './eventGroups';
import type { LedgerRow } from './inputs';
import { isNil, minus, money, total, type Money } from './money';
import type { LineVerdict, PeriodLine } from './types';

/** "2025-01-01" → "2025-02-01". */
function nextMonth(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12 ? `${String(y + 1).padStart(4, '0')}-01-01` : `${month.slice(0, 4)}-${String(m + 1).padStart(2, '0')}-01`;
}

/** The months a row's period covers, first days, at most 1,200 (a row spanning a century is cut there). */
function monthsOf(row: LedgerRow): string[] {
  const out: string[] = [];
  const last = monthOf(row.period_end < row.period_start ? row.period_start : row.period_end);
  for (let m = monthOf(row.period_start); m <= last && out.length < 1200; m = nextMonth(m)) out.push(m);
  return out;
}

export function periodLines(rows: readonly LedgerRow[], groups: readonly EventGroup[], digits: number, lastClosedMonth: string | null): PeriodLine[] {
  const covering = new Map<string, number[]>();
  for (const row of rows) for (const m of monthsOf(row)) covering.set(m, [...(covering.get(m) ?? []), row.id]);
  const byMonth = new Map<string, { revenue: DecimalSum; events: number; rows: number; missing: number }>();
  const corrections = new Map<string, DecimalSum>();
  for (const g of groups) {
    if (g.periodMonth !== null) {
      const m = monthOf(g.periodMonth);
      let t = byMonth.get(m);
      if (!t) byMonth.set(m, (t = { revenue: new DecimalSum(), events: 0, rows: 0, missing: 0 }));
      t.revenue.addSum(g.revenue);
      t.events += g.events;
      t.rows += g.rows;
      t.missing += g.missingRevenue;
    }
    if (g.isAdjustment && g.originalPeriodMonth !== null) {
      const m = monthOf(g.originalPeriodMonth);
      let s = corrections.get(m);
      if (!s) corrections.set(m, (s = new DecimalSum()));
      s.addSum(g.revenue);
    }
  }
  // Months covered by the same rows make one line (a quarterly row is one line of three months).
  const months = [...new Set([...covering.keys(), ...byMonth.keys()])].sort();
  const lines: PeriodLine[] = [];
  const rowById = new Map(rows.map((r) => [r.id, r]));
  let current: { key: string; months: string[]; rowIds: number[] } | undefined;
  const spans: { key: string; months: string[]; rowIds: number[] }[] = [];
  for (const m of months) {
    const rowIds = covering.get(m) ?? [];
    const key = rowIds.join(',');
    if (current && key !== '' && current.key === key) current.months.push(m);
    else spans.push((current = { key, months: [m], rowIds }));
  }
  for (const span of spans) {
    const revenue = new DecimalSum();
    const corrected = new DecimalSum();
    let events = 0;
    let count = 0;
    let missing = 0;
    for (const m of span.months) {
      const t = byMonth.get(m);
      if (t) {
        revenue.addSum(t.revenue);
        events += t.events;
        count += t.rows;
        missing += t.missing;
      }
      const c = corrections.get(m);
      if (c) corrected.addSum(c);
    }
    const covered = span.rowIds.map((id) => rowById.get(id) as LedgerRow);
    const gross = covered.map((r) => money(r.gross_usage_amount));
    const net = covered.map((r) => money(r.net_consumption_amount));
    const ledgerGross = covered.length === 0 || gross.includes(undefined) ? null : total(gross as Money[]);
    const ledgerNet = covered.length === 0 || net.includes(undefined) ? null : total(net as Money[]);
    const fromMonth = span.months[0] as string;
    const open = covered.length === 0 && (lastClosedMonth === null || fromMonth > lastClosedMonth);
    const eventsRevenue = revenue.toString();
    let difference: Money | null = null;
    let verdict: LineVerdict;
    if (open) verdict = 'agrees';
    else if (missing > 0 || (covered.length > 0 && ledgerGross === null)) verdict = 'cannotCheck';
    else {
      difference = minus(eventsRevenue, ledgerGross ?? '0');
      verdict = covered.length === 0 || !isNil(difference, digits) ? 'differs' : 'agrees';
    }
    lines.push({
      fromMonth,
      toMonth: span.months.at(-1) as string,
      rowIds: span.rowIds,
      eventsRevenue,
      events,
      rows: count,
      ledgerGross,
      ledgerNet,
      difference,
      correctedBy: corrected.toString(),
      open,
      verdict,
    });
  }
  return lines;
}
