// Reconciles one prepaid commit: its record, its consumption ledger and its usage events, in four
// checks (README, "Reconciling a commit"). Pure: no I/O, no VS Code, the same in the extension host,
// the webview and campfire-export.
import * as l10n from '@vscode/l10n';
import { monthOf } from './adjustmentEntries';
import { groupEvents } from './eventGroups';
import { eventLines } from './eventsAgainstLedger';
import type { LedgerRow, ReconcileInput } from './inputs';
import { chainLines } from './ledgerChain';
import { rowLines } from './ledgerRows';
import { checkOf, notChecked } from './lines';
import { currencyDigits } from './money';
import { periodLines } from './periods';
import type { CommitReconciliation, Verdict } from './types';

/** The ledger in period order (the API's order is undocumented), ties by id. */
function ledgerInOrder(rows: readonly LedgerRow[]): LedgerRow[] {
  return [...rows].sort((a, b) => (a.period_start < b.period_start ? -1 : a.period_start > b.period_start ? 1 : a.id - b.id));
}

/** The worst of verdicts: differs, then cannot be checked, then agrees. */
export function worstVerdict(verdicts: readonly Verdict[]): Verdict {
  return verdicts.includes('differs') ? 'differs' : verdicts.includes('cannotCheck') ? 'cannotCheck' : 'agrees';
}

/** The four checks for one commit. */
export function reconcileCommit(input: ReconcileInput): CommitReconciliation {
  const { commit } = input;
  const currency = commit.currency ?? 'USD';
  const digits = currencyDigits(currency);
  const ledger = input.ledger.ok ? ledgerInOrder(input.ledger.value) : undefined;
  const eventGroups = input.events.ok ? groupEvents(input.events.value) : undefined;
  const ledgerWhy = input.ledger.ok ? '' : l10n.t('the consumption ledger could not be listed exactly: {0}', input.ledger.reason);
  const eventsWhy = input.events.ok ? '' : l10n.t('the usage events could not be listed exactly: {0}', input.events.reason);
  const lastPeriodEnd = ledger?.reduce<string | null>((last, r) => (last === null || r.period_end > last ? r.period_end : last), null) ?? null;
  const lastClosedMonth = lastPeriodEnd === null ? null : monthOf(lastPeriodEnd);

  const ledgerChain = ledger ? checkOf('ledgerChain', chainLines(commit, ledger, digits)) : notChecked<never>('ledgerChain', ledgerWhy);
  const ledgerRows = ledger ? checkOf('ledgerRows', rowLines(ledger, digits)) : notChecked<never>('ledgerRows', ledgerWhy);
  const bothWhy = ledgerWhy || eventsWhy;
  const eventsAgainstLedger =
    ledger && eventGroups ? checkOf('eventsAgainstLedger', eventLines(ledger, eventGroups, digits, lastClosedMonth)) : notChecked<never>('eventsAgainstLedger', bothWhy);
  const periods = ledger && eventGroups ? checkOf('periods', periodLines(ledger, eventGroups, digits, lastClosedMonth)) : notChecked<never>('periods', bothWhy);
  return {
    contractId: commit.contract,
    commitId: commit.id,
    commitName: commit.name,
    currency,
    digits,
    verdict: worstVerdict([ledgerChain.verdict, ledgerRows.verdict, eventsAgainstLedger.verdict, periods.verdict]),
    ledgerChain,
    ledgerRows,
    eventsAgainstLedger,
    periods,
    ledgerRowCount: ledger?.length ?? null,
    eventCount: input.events.ok ? input.events.value.length : null,
  };
}
