// How the checks and their results are named to people, in the user's language: the report, the
// CLI and the panel say them the same way.
import * as l10n from '@vscode/l10n';
import { signed, type CheckName, type CheckResult, type LineVerdict, type Money } from '../checks';
import { toFixedDecimal } from '../../shared/exactDecimal';

export function checkTitle(check: CheckName): string {
  switch (check) {
    case 'ledgerChain':
      return l10n.t('Ledger chain');
    case 'ledgerRows':
      return l10n.t('Ledger rows');
    case 'eventsAgainstLedger':
      return l10n.t('Events against the ledger');
    case 'periods':
      return l10n.t('Periods');
  }
}

/** ✓ / ✗ / ? / ~ and the word, for a line or a check. */
export function verdictText(verdict: LineVerdict): string {
  switch (verdict) {
    case 'agrees':
      return l10n.t('✓ agrees');
    case 'differs':
      return l10n.t('✗ differs');
    case 'cannotCheck':
      return l10n.t('? cannot be checked');
    case 'undocumented':
      return l10n.t('~ not judged (rule not documented)');
  }
}

/** An amount to the currency's smallest unit, or exactly when it has more digits than that ("12.50", "0.125"). */
export function amountText(amount: Money | null | undefined, digits: number): string {
  if (amount === null || amount === undefined || amount === '') return '—';
  const [, frac = ''] = amount.split('.');
  return frac.length > digits ? amount : toFixedDecimal(amount, digits);
}

export function differenceText(difference: Money | null | undefined, digits: number): string {
  return difference === null || difference === undefined || difference === '' ? '—' : signed(difference, digits);
}

/** One line summing up a check: "✗ differs: 2 of 37 lines", "? cannot be checked: …", with the lines not judged. */
export function checkSummary(result: CheckResult<unknown>): string {
  let text = verdictText(result.verdict);
  if (result.verdict === 'differs') text = l10n.t('{0}: {1} of {2} lines', text, result.differing, result.lines.length);
  else if (result.verdict === 'cannotCheck' && result.reason) text = l10n.t('{0}: {1}', text, result.reason);
  if (result.undocumented > 0) text = l10n.t('{0} ({1} not judged: Campfire does not document the rule)', text, result.undocumented);
  return text;
}
