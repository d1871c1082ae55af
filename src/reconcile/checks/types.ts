// What reconciling a prepaid commit produces: four checks, each agreeing, differing (with the
// signed difference, exact) or not checkable (with the reason). Plain data, ready for JSON, the
// Markdown report, the panel's webview and tests alike.
import type { Money } from './money';

/** A check's, or one line's, result. */
export type Verdict = 'agrees' | 'differs' | 'cannotCheck';

/**
 * One line's result. `undocumented`: the figures match one reading of a rule Campfire does not
 * document (overage, a row's adjustments) and not the documented one; both numbers are shown, no
 * verdict is given.
 */
export type LineVerdict = Verdict | 'undocumented';

export const CHECKS = ['ledgerChain', 'ledgerRows', 'eventsAgainstLedger', 'periods'] as const;
export type CheckName = (typeof CHECKS)[number];

/** Two amounts compared: what one side implies (`expected`), what the other says (`actual`), `actual − expected`. */
export interface Comparison {
  expected: Money;
  actual: Money;
  /** actual − expected, exact. */
  difference: Money;
  verdict: LineVerdict;
}

/** Ledger chain: the commit's total_value → first balance_before, each row's balance_before ← the previous balance_after, last balance_after → remaining_value. */
export interface ChainLine extends Comparison {
  kind: 'opening' | 'link' | 'closing';
  /** The ledger row whose balance_before (opening, link) or balance_after (closing) is compared; null for an empty ledger's closing. */
  rowId: number | null;
  periodStart: string | null;
}

/** Ledger rows: one row's arithmetic. */
export interface RowLine extends Comparison {
  rowId: number;
  periodStart: string;
  /** `balanceAfter`: balance_before − net_consumption_amount; `net`: gross_usage_amount − discount_amount. */
  field: 'balanceAfter' | 'net';
  /** When the row has overage or adjustments: what the net would be under the reading that takes them out (or in). */
  alternative?: { rule: 'overage' | 'adjustments'; expected: Money };
}

/** Events against the ledger: the events that name one consumption row, against that row. */
export interface EventRowLine {
  kind: 'row';
  rowId: number;
  periodStart: string;
  /** Revenue: the events' total_revenue_dollars summed (actual) against the row's gross_usage_amount (expected). */
  revenue: Comparison;
  /** Count: the events' total_events summed against the row's total_events; null when the row has no total_events. */
  events: { expected: number; actual: number; difference: number; verdict: LineVerdict } | null;
  /** Usage events (rows) naming the consumption row. */
  rows: number;
  verdict: LineVerdict;
}

/** Events that name no consumption row, or one the ledger does not have, per period month. */
export interface EventStrayLine {
  kind: 'noRow' | 'unknownRow';
  /** The consumption id they name (unknownRow), or null. */
  consumption: number | null;
  periodMonth: string | null;
  revenue: Money;
  events: number;
  rows: number;
  /** noRow in a month after the ledger's last period: not rolled up yet, so no difference. */
  open: boolean;
  verdict: LineVerdict;
}

/** Adjustments recorded in one consumption row for one month they correct: the events against the row's `adjustments` entry. */
export interface AdjustmentLine {
  kind: 'adjustment';
  rowId: number | null;
  /** The month the adjustments correct (original_period_month). */
  correctsMonth: string | null;
  /** The events' revenue (actual) against the ledger row's adjustment gross for that month (expected, null when it has none). */
  revenue: Money;
  ledger: Money | null;
  difference: Money | null;
  rows: number;
  verdict: LineVerdict;
}

export type EventLine = EventRowLine | EventStrayLine | AdjustmentLine;

/** Periods: one month (or the months one ledger row covers) of events against the ledger rows covering it. */
export interface PeriodLine {
  /** First and last month, "YYYY-MM-01". */
  fromMonth: string;
  toMonth: string;
  rowIds: number[];
  /** Events with this period_month: revenue summed, events summed, rows. */
  eventsRevenue: Money;
  events: number;
  rows: number;
  /** The covering rows' gross_usage_amount and net_consumption_amount summed; null without a row. */
  ledgerGross: Money | null;
  ledgerNet: Money | null;
  /** eventsRevenue − ledgerGross (the whole revenue for a month no row covers); null for an open month. */
  difference: Money | null;
  /** Revenue of the adjustments that correct these months (recorded in whatever month). */
  correctedBy: Money;
  /** Events after the ledger's last period: the month is still open, not a difference. */
  open: boolean;
  verdict: LineVerdict;
}

export interface CheckResult<L> {
  check: CheckName;
  verdict: Verdict;
  /** Why the check could not run, or which lines could not be judged; in the user's language. */
  reason?: string;
  lines: L[];
  /** Lines that differ, and lines whose rule Campfire does not document (shown with both numbers). */
  differing: number;
  undocumented: number;
}

export interface CommitReconciliation {
  contractId: number;
  commitId: number;
  commitName: string;
  currency: string;
  /** Digits of the currency's smallest unit: amounts agree when their difference rounds to zero at this many. */
  digits: number;
  /** The worst of the checks: differs, else cannot be checked, else agrees. */
  verdict: Verdict;
  ledgerChain: CheckResult<ChainLine>;
  ledgerRows: CheckResult<RowLine>;
  eventsAgainstLedger: CheckResult<EventLine>;
  periods: CheckResult<PeriodLine>;
  /** What was read: ledger rows and usage events (null where they could not be listed). */
  ledgerRowCount: number | null;
  eventCount: number | null;
}

/** A contract's commits reconciled (or the one asked for). */
export interface ContractReconciliation {
  contractId: number;
  /** Differs if a commit differs, else cannot be checked if one could not be, else agrees (also for a contract without commits). */
  verdict: Verdict;
  commits: CommitReconciliation[];
}
