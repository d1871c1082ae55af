// Consumption ledger rows for the reconciliation tests, built by hand: one month each.
import type { LedgerRow } from '../../../src/reconcile/checks';

/** A month's ledger row, every amount zero unless `over` gives it. */
export function ledgerRow(id: number, month: string, over: Partial<LedgerRow> = {}): LedgerRow {
  return {
    id,
    period_start: `${month}-01`,
    period_end: `${month}-28`,
    gross_usage_amount: 0,
    discount_amount: 0,
    net_consumption_amount: 0,
    overage_amount: 0,
    balance_before: 0,
    balance_after: 0,
    total_events: 0,
    adjustments: [],
    ...over,
  };
}

/** A month that consumed `gross` with no discount or overage, the balance going from `before` to `after`. */
export function consumedRow(id: number, month: string, gross: number, before: number, after = Math.round((before - gross) * 100) / 100, events = 1): LedgerRow {
  return ledgerRow(id, month, { gross_usage_amount: gross, net_consumption_amount: gross, balance_before: before, balance_after: after, total_events: events });
}
