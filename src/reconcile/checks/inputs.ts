// What reconciling a commit reads: its record, its consumption ledger and its usage events, each as
// Campfire sent it. The shapes are structural, so the API's validated records, the panel host's and
// the webview's copies all fit without this folder importing the API layer.
import type { ExactNumber } from '../../shared/exactNumber';
import type { UsageEventColumns } from '../../usageEvents/protocol/cellColumns';

type Amount = number | ExactNumber | string;

/** The prepaid commit's fields the checks read. */
export interface CommitRecord {
  id: number;
  contract: number;
  name: string;
  currency?: string | null;
  total_value: Amount;
  remaining_value: Amount;
}

/** One consumption-ledger row's fields the checks read. */
export interface LedgerRow {
  id: number;
  period_start: string;
  period_end: string;
  gross_usage_amount: Amount;
  discount_amount: Amount;
  net_consumption_amount: Amount;
  overage_amount: Amount;
  balance_before: Amount;
  balance_after: Amount;
  total_events?: number | null;
  adjustments: readonly Record<string, unknown>[];
}

/** A listing that was read exactly, or why it could not be (in the user's language: "only 40 of 52 rows could be read"). */
export type Listed<T> = { ok: true; value: T } | { ok: false; reason: string };

export interface ReconcileInput {
  commit: CommitRecord;
  ledger: Listed<readonly LedgerRow[]>;
  /** The commit's usage events in the panel's column store (every one of them: a partial load is no input). */
  events: Listed<UsageEventColumns>;
}
