// Turns validated API records into the plain shapes the webview renders. Optional fields the API
// leaves out become null (shown empty), never undefined; `data` keeps every key, in order.
import type { Consumption, Contract, PrepaidCommit, UsageEvent } from '../../api';
import type { CommitHeader, JsonValue, LedgerPoint, UsageEventRow } from '../../shared/usageEventsMessages';

/** Key under which a `data` that is not an object (an array, a string) is shown. */
export const NON_OBJECT_DATA_KEY = '(value)';

export function toJsonValue(value: unknown, depth = 0): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (depth > 32) return null;
  if (Array.isArray(value)) return value.map((v) => toJsonValue(v, depth + 1));
  if (typeof value === 'object') {
    const out = Object.create(null) as Record<string, JsonValue>;
    for (const [k, v] of Object.entries(value)) out[k] = toJsonValue(v, depth + 1);
    return out;
  }
  return null;
}

export function dataEntries(data: unknown): [string, JsonValue][] {
  if (data === null || data === undefined) return [];
  if (typeof data === 'object' && !Array.isArray(data)) {
    return Object.entries(data).map(([k, v]): [string, JsonValue] => [k, toJsonValue(v)]);
  }
  return [[NON_OBJECT_DATA_KEY, toJsonValue(data)]];
}

export function toUsageEventRow(e: UsageEvent): UsageEventRow {
  return {
    id: e.id,
    eventDate: e.event_date ?? null,
    periodMonth: e.period_month,
    revenue: e.total_revenue_dollars ?? null,
    events: e.total_events ?? null,
    externalId: e.external_id ?? null,
    isAdjustment: e.is_adjustment === true,
    adjustmentDate: e.adjustment_date ?? null,
    originalPeriodMonth: e.original_period_month ?? null,
    consumption: e.consumption,
    createdAt: e.created_at,
    data: dataEntries(e.data),
  };
}

/** The contract's name as the tree shows it: the deal name, else "Contract #id". */
export function contractDisplayName(c: Pick<Contract, 'id' | 'deal_name'>): string {
  const deal = c.deal_name?.trim();
  return deal ? deal : `Contract #${c.id}`;
}

export function toCommitHeader(commit: PrepaidCommit, contract: Contract | undefined): CommitHeader {
  return {
    contractId: commit.contract,
    commitId: commit.id,
    commitName: commit.name,
    contractName: contract ? contractDisplayName(contract) : `Contract #${commit.contract}`,
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
