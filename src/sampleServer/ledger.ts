// A commit's consumption ledger: one row per month from start_date, drawing the pool down from
// total_value to remaining_value, with overage once the pool is exhausted.
import type { Consumption } from '../api/schemas/consumption';
import type { CommitPlan } from './commits';
import { addDays, addMonths, firstOfMonth, timestamp } from './dates';
import { cents, unit } from './random';
import { consumptionId } from './usageEvents';

export function makeLedger(seed: number, plan: CommitPlan): Consumption[] {
  const { commit, months } = plan;
  // The last month is still open: its events are not rolled up yet.
  const closed = Math.max(0, months - 1);
  if (closed === 0) return [];
  const consumed = commit.total_value - commit.remaining_value;
  const weights = Array.from({ length: closed }, (_, m) => 0.5 + unit(seed, commit.id, m, 9));
  const sum = weights.reduce((a, b) => a + b, 0);
  const discount = (commit.discount_percentage ?? 0) / 100;
  let balance = commit.total_value;
  let overageLeft = Math.max(0, cents((commit.total_value - commit.remaining_value) * 0.1));
  return weights.map((w, m) => {
    const periodStart = firstOfMonth(addMonths(firstOfMonth(commit.start_date), m));
    const net = cents((consumed * w) / sum);
    const drawn = Math.min(balance, net);
    const overage = commit.remaining_value <= 0 && m === closed - 1 ? overageLeft : 0;
    overageLeft -= overage;
    const gross = cents((net + overage) / (1 - discount || 1));
    const before = balance;
    balance = cents(balance - drawn);
    return {
      id: consumptionId(commit.id, m),
      prepaid_commit: commit.id,
      entity: commit.entity ?? null,
      period_start: periodStart,
      period_end: addDays(addMonths(periodStart, 1), -1),
      description: null,
      currency: commit.currency ?? 'USD',
      gross_usage_amount: gross,
      discount_amount: cents(gross * discount),
      net_consumption_amount: cents(drawn),
      overage_amount: cents(overage),
      total_events: Math.round(plan.eventCount / Math.max(1, months)),
      balance_before: before,
      balance_after: balance,
      revenue_transaction: 900_000 + consumptionId(commit.id, m),
      overage_revenue_transaction: overage > 0 ? 950_000 + consumptionId(commit.id, m) : null,
      adjustments: m % 4 === 3 ? [{ original_period: firstOfMonth(addMonths(periodStart, -1)), gross: -12.5, discount: 0, net: -12.5, overage: 0 }] : [],
      created_at: timestamp(addMonths(periodStart, 1), 7200),
      last_modified_at: timestamp(addMonths(periodStart, 1), 7200),
    };
  });
}
