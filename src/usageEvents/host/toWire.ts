// Turns validated API records into the plain shapes the webview renders. A usage event keeps the
// API's field names (see src/usageEvents/protocol/usageEventRow.ts): its row is the fields' values in a fixed
// order, optional fields the API leaves out are null (shown empty), never undefined, and `data`
// keeps every key, in order.
import type { Consumption, Contract, PrepaidCommit, UsageEvent } from '../../api';
import type { CommitHeader, JsonValue, LedgerPoint } from '../protocol/usageEventsMessages';
import type { UsageEventData, UsageEventRow } from '../protocol/usageEventRow';
import { contractName } from '../../model/contractQuery';

/** Key under which a `data` that is not an object (an array, a string) is shown. */
export const NON_OBJECT_DATA_KEY = '(value)';

/**
 * `data` as [key, value] pairs. The values are passed on as they are: they come from the client's
 * parse (numbers a double would round are ExactNumbers, src/shared/exactNumber.ts), which has
 * already refused nesting too deep (src/api/jsonLimits.ts), so they are not copied or checked again.
 */
export function dataEntries(data: unknown): UsageEventData {
  if (data === null || data === undefined) return [];
  if (typeof data === 'object' && !Array.isArray(data)) return Object.entries(data) as UsageEventData;
  return [[NON_OBJECT_DATA_KEY, data as JsonValue]];
}

/** The row of USAGE_EVENT_FIELDS, in that order. */
export function toUsageEventRow(e: UsageEvent): UsageEventRow {
  return [
    e.id,
    e.event_date ?? null,
    e.period_month,
    e.total_revenue_dollars ?? null,
    e.total_events ?? null,
    e.external_id ?? null,
    e.is_adjustment === true,
    e.adjustment_date ?? null,
    e.original_period_month ?? null,
    e.consumption,
    e.created_at,
    dataEntries(e.data),
  ];
}


export function toCommitHeader(commit: PrepaidCommit, contract: Contract | undefined): CommitHeader {
  return {
    contractId: commit.contract,
    commitId: commit.id,
    commitName: commit.name,
    contractName: contractName(contract ?? { id: commit.contract, deal_name: null }),
    clientName: contract?.client_name ?? null,
    productName: commit.product_name,
    status: commit.status,
    currency: commit.currency ?? contract?.currency ?? null,
    totalValue: commit.total_value,
    remainingValue: commit.remaining_value,
    startDate: commit.start_date,
    expirationDate: commit.expiration_date ?? null,
  };
}

/** The ledger in period order (the API's order is undocumented). */
export function toLedger(entries: readonly Consumption[]): LedgerPoint[] {
  return entries
    .map((c) => ({
      periodStart: c.period_start,
      periodEnd: c.period_end,
      balanceBefore: c.balance_before,
      balanceAfter: c.balance_after,
      netConsumption: c.net_consumption_amount,
      overage: c.overage_amount,
    }))
    .sort((a, b) => (a.periodStart < b.periodStart ? -1 : a.periodStart > b.periodStart ? 1 : 0));
}
