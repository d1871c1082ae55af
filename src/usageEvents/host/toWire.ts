// Turns validated API records into the plain shapes the webview renders. A usage event's row is
// built in src/usageEvents/protocol/usageEventRow.ts (campfire-export's reconcile stores rows the same
// way) and re-exported here.
import type { Consumption, Contract, PrepaidCommit } from '../../api';
import type { CommitHeader, LedgerPoint } from '../protocol/usageEventsMessages';
export { NON_OBJECT_DATA_KEY, dataEntries, toUsageEventRow } from '../protocol/usageEventRow';
import { contractName } from '../../model/contractQuery';

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
