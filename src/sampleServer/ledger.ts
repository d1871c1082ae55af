// A commit's consumption ledger, derived from its usage events as Campfire rolls them up: one row
// per closed month (the last month is still open), its gross the sum of the events that name it,
// adjustments included and listed per month they correct, the pool drawn down from total_value,
// and overage once it is exhausted. Money is added in integer cents, so every figure is exact.
// A few commits carry one planted discrepancy each (README, "Reconciling a commit").
import type { Consumption } from '../api/schemas/consumption';
import type { CommitPlan } from './commits';
import { addDays, addMonths, firstOfMonth, timestamp } from './dates';
import { consumptionId, eventFigures, type EventSource } from './usageEvents';

/** The discrepancies planted in the sample data, each in one commit, in its second month. */
export const PLANTED = ['missingMonth', 'strayEvent', 'balanceBreak', 'roundingCent'] as const;
export type Planted = (typeof PLANTED)[number];

/** The month (from the commit's start) a planted discrepancy is in. */
export const PLANTED_MONTH = 1;

/** The balance break's size, in cents: the pool gains 100.00 between two rows. */
const BREAK_CENTS = 10_000;

interface MonthSums {
  gross: number;
  events: number;
  /** Adjustment cents by how many months back they correct. */
  corrections: Map<number, number>;
}

export interface DerivedLedger {
  rows: Consumption[];
  /** The pool's balance after the last row: the commit's remaining_value. */
  remainingValue: number;
}

/** Sums each closed month's events by the row they name: an event naming no row, or one the ledger lacks, is in none. */
function monthSums(src: EventSource, closed: number): MonthSums[] {
  const sums = Array.from({ length: closed }, (): MonthSums => ({ gross: 0, events: 0, corrections: new Map() }));
  const firstRow = consumptionId(src.commitId, 0);
  for (let i = 0; i < src.count; i++) {
    const f = eventFigures(src, i);
    if (f.consumption === null) continue;
    const sum = sums[f.consumption - firstRow];
    if (!sum) continue;
    sum.gross += f.revenueCents;
    sum.events += f.totalEvents;
    if (f.isAdjustment) sum.corrections.set(f.correctsMonthsBack, (sum.corrections.get(f.correctsMonthsBack) ?? 0) + f.revenueCents);
  }
  return sums;
}

export function deriveLedger(plan: CommitPlan, src: EventSource, planted: Planted | undefined): DerivedLedger {
  const { commit, months } = plan;
  const totalCents = Math.round(commit.total_value * 100);
  // The last month is still open: its events are not rolled up yet.
  const closed = Math.max(0, months - 1);
  const sums = monthSums(src, closed);
  const percent = commit.discount_percentage ?? 0;
  const discountOf = (cents: number) => Math.round((cents * percent) / 100);
  let balance = totalCents;
  const rows: Consumption[] = [];
  sums.forEach((sum, m) => {
    // A month never rolled up has no row; its events name none.
    if (m === src.unprocessedMonth) return;
    if (planted === 'balanceBreak' && m === PLANTED_MONTH) balance += BREAK_CENTS;
    // The rounding cent: the row's gross is a cent more than its events, and the row adds up with it.
    const gross = sum.gross + (planted === 'roundingCent' && m === PLANTED_MONTH ? 1 : 0);
    const discount = discountOf(gross);
    const net = gross - discount;
    const drawn = net <= balance ? net : Math.max(0, balance);
    const overage = net - drawn;
    const before = balance;
    balance -= drawn;
    const periodStart = firstOfMonth(addMonths(firstOfMonth(commit.start_date), m));
    const id = consumptionId(commit.id, m);
    rows.push({
      id,
      prepaid_commit: commit.id,
      entity: commit.entity ?? null,
      period_start: periodStart,
      period_end: addDays(addMonths(periodStart, 1), -1),
      description: null,
      currency: commit.currency ?? 'USD',
      gross_usage_amount: gross / 100,
      discount_amount: discount / 100,
      net_consumption_amount: drawn / 100,
      overage_amount: overage / 100,
      total_events: sum.events,
      balance_before: before / 100,
      balance_after: balance / 100,
      revenue_transaction: 900_000 + id,
      overage_revenue_transaction: overage > 0 ? 950_000 + id : null,
      adjustments: [...sum.corrections]
        .sort(([a], [b]) => b - a)
        .map(([back, cents]) => ({ original_period: addMonths(periodStart, -back), gross: cents / 100, discount: discountOf(cents) / 100, net: (cents - discountOf(cents)) / 100, overage: 0 })),
      created_at: timestamp(addMonths(periodStart, 1), 7200),
      last_modified_at: timestamp(addMonths(periodStart, 1), 7200),
    });
  });
  return { rows, remainingValue: balance / 100 };
}
