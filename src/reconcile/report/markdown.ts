// The reconciliation report as Markdown: a summary table of a contract's commits, then per commit a
// table of its checks, the lines that differ or could not be judged, and its months.
import * as l10n from '@vscode/l10n';
import { CHECKS, type ChainLine, type CommitReconciliation, type ContractReconciliation, type EventLine, type LineVerdict, type PeriodLine, type RowLine } from '../checks';
import { escapeMarkdown, markdownTable as table } from '../../shared/markdownText';
import { amountText, checkSummary, checkTitle, differenceText, verdictText } from './words';

/** Control and bidi characters, which could reorder or hide a report's text. */
// eslint-disable-next-line no-control-regex -- these are the characters to find
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Server text made inert in Markdown: no control or bidi characters, and no syntax (no links, no tables broken). */
function markdownText(text: string): string {
  return escapeMarkdown(text.replace(INVISIBLE, ' '));
}

const month = (m: string | null) => (m === null ? '—' : m.slice(0, 7));

function rowRef(id: number | null, periodStart: string | null): string {
  return id === null ? l10n.t('no row') : l10n.t('row {0} ({1})', id, month(periodStart));
}

interface DetailLine {
  check: string;
  where: string;
  expected: string;
  actual: string;
  difference: string;
  verdict: LineVerdict;
}

export function chainDetail(l: ChainLine, d: number): DetailLine {
  const where =
    l.kind === 'opening'
      ? l10n.t('total_value → balance_before of {0}', rowRef(l.rowId, l.periodStart))
      : l.kind === 'link'
        ? l10n.t('previous balance_after → balance_before of {0}', rowRef(l.rowId, l.periodStart))
        : l10n.t('balance_after of {0} → remaining_value', rowRef(l.rowId, l.periodStart));
  return { check: checkTitle('ledgerChain'), where, expected: amountText(l.expected, d), actual: amountText(l.actual, d), difference: differenceText(l.difference, d), verdict: l.verdict };
}

export function rowDetail(l: RowLine, d: number): DetailLine {
  let where =
    l.field === 'balanceAfter'
      ? l10n.t('{0}: balance_before − net_consumption_amount → balance_after', rowRef(l.rowId, l.periodStart))
      : l10n.t('{0}: gross_usage_amount − discount_amount → net_consumption_amount', rowRef(l.rowId, l.periodStart));
  if (l.alternative) {
    where =
      l.alternative.rule === 'overage'
        ? l10n.t('{0}; less overage_amount: {1}', where, amountText(l.alternative.expected, d))
        : l10n.t('{0}; with its adjustments: {1}', where, amountText(l.alternative.expected, d));
  }
  return { check: checkTitle('ledgerRows'), where, expected: amountText(l.expected, d), actual: amountText(l.actual, d), difference: differenceText(l.difference, d), verdict: l.verdict };
}

export function eventDetails(l: EventLine, d: number): DetailLine[] {
  const check = checkTitle('eventsAgainstLedger');
  switch (l.kind) {
    case 'row': {
      const out: DetailLine[] = [];
      const where = rowRef(l.rowId, l.periodStart);
      if (l.revenue.verdict !== 'agrees') {
        out.push({ check, where: l.rows === 1 ? l10n.t('{0}: gross_usage_amount ← revenue of the one event naming it', where) : l10n.t('{0}: gross_usage_amount ← revenue of the {1} events naming it', where, l.rows), expected: amountText(l.revenue.expected, d), actual: amountText(l.revenue.actual, d), difference: differenceText(l.revenue.difference, d), verdict: l.revenue.verdict });
      }
      if (l.events && l.events.verdict !== 'agrees') {
        out.push({ check, where: l10n.t('{0}: total_events ← total_events of the events naming it', where), expected: String(l.events.expected), actual: String(l.events.actual), difference: `${l.events.difference > 0 ? '+' : ''}${l.events.difference}`, verdict: l.events.verdict });
      }
      return out;
    }
    case 'noRow':
    case 'unknownRow': {
      const one = l.rows === 1;
      const where =
        l.kind === 'noRow'
          ? one
            ? l10n.t('1 event of {0} naming no ledger row', month(l.periodMonth))
            : l10n.t('{0} events of {1} naming no ledger row', l.rows, month(l.periodMonth))
          : one
            ? l10n.t('1 event of {0} naming row {1}, which is not in the ledger', month(l.periodMonth), l.consumption ?? '?')
            : l10n.t('{0} events of {1} naming row {2}, which is not in the ledger', l.rows, month(l.periodMonth), l.consumption ?? '?');
      return [{ check, where, expected: '—', actual: amountText(l.revenue, d), difference: differenceText(l.revenue, d), verdict: l.verdict }];
    }
    case 'adjustment':
      return [
        {
          check,
          where: l10n.t('{0} adjustments recorded in row {1} correcting {2}', l.rows, l.rowId ?? '?', month(l.correctsMonth)),
          expected: amountText(l.ledger, d),
          actual: amountText(l.revenue, d),
          difference: differenceText(l.difference, d),
          verdict: l.verdict,
        },
      ];
  }
}

function periodRow(l: PeriodLine, d: number): string[] {
  const months = l.fromMonth === l.toMonth ? month(l.fromMonth) : `${month(l.fromMonth)} – ${month(l.toMonth)}`;
  return [
    months,
    l.rowIds.length > 0 ? l.rowIds.join(', ') : '—',
    l.rows.toLocaleString('en-US'),
    amountText(l.eventsRevenue, d),
    amountText(l.ledgerGross, d),
    amountText(l.ledgerNet, d),
    differenceText(l.difference, d),
    amountText(l.correctedBy, d),
    l.open ? l10n.t('open (not rolled up yet)') : verdictText(l.verdict),
  ];
}

/** Every line of the ledger and events checks that differs or is not judged, in check order. */
export function differingDetails(r: CommitReconciliation): DetailLine[] {
  const d = r.digits;
  return [...r.ledgerChain.lines.map((l) => chainDetail(l, d)), ...r.ledgerRows.lines.map((l) => rowDetail(l, d)), ...r.eventsAgainstLedger.lines.flatMap((l) => eventDetails(l, d))].filter(
    (l) => l.verdict !== 'agrees',
  );
}

/** One commit's section. */
function commitMarkdown(r: CommitReconciliation): string {
  const d = r.digits;
  const parts: string[] = [];
  parts.push(`## ${l10n.t('{0} (commit {1}): {2}', markdownText(r.commitName), r.commitId, verdictText(r.verdict))}`);
  const read = [
    r.ledgerRowCount === null ? l10n.t('ledger not read') : l10n.t('{0} ledger rows', r.ledgerRowCount),
    r.eventCount === null ? l10n.t('usage events not read') : l10n.t('{0} usage events', r.eventCount.toLocaleString('en-US')),
  ];
  parts.push(l10n.t('Currency {0}, compared to {1} decimals; {2}.', markdownText(r.currency), d, read.join(', ')));
  parts.push(table([l10n.t('Check'), l10n.t('Result')], CHECKS.map((c) => [checkTitle(c), checkSummary(r[c])])));
  const details = differingDetails(r);
  if (details.length > 0) {
    parts.push(`### ${l10n.t('Lines that differ or are not judged')}`);
    parts.push(table([l10n.t('Check'), l10n.t('Where'), l10n.t('Expected'), l10n.t('Actual'), l10n.t('Difference'), l10n.t('Result')], details.map((l) => [l.check, l.where, l.expected, l.actual, l.difference, verdictText(l.verdict)])));
  }
  if (r.periods.lines.length > 0) {
    parts.push(`### ${l10n.t('Months')}`);
    parts.push(
      table(
        [l10n.t('Month'), l10n.t('Ledger rows'), l10n.t('Events'), l10n.t('Events revenue'), l10n.t('Ledger gross'), l10n.t('Ledger net'), l10n.t('Difference'), l10n.t('Corrected by adjustments'), l10n.t('Result')],
        r.periods.lines.map((l) => periodRow(l, d)),
      ),
    );
  }
  return parts.join('\n\n');
}

/** The report of a contract's commits: a summary table, then each commit. `title` names the contract (plain text). */
export function reconciliationMarkdown({ contractId, commits }: ContractReconciliation, title?: string): string {
  const parts: string[] = [];
  parts.push(`# ${title ? l10n.t('Reconciliation of {0} (contract {1})', markdownText(title), contractId) : l10n.t('Reconciliation of contract {0}', contractId)}`);
  if (commits.length === 0) {
    parts.push(l10n.t('This contract has no prepaid commits.'));
    return `${parts.join('\n\n')}\n`;
  }
  const differing = commits.filter((c) => c.verdict === 'differs').length;
  const unchecked = commits.filter((c) => c.verdict === 'cannotCheck').length;
  parts.push(
    differing > 0
      ? l10n.t('✗ {0} of {1} commits do not reconcile.', differing, commits.length)
      : unchecked > 0
        ? l10n.t('? {0} of {1} commits could not be checked in full.', unchecked, commits.length)
        : l10n.t('✓ All {0} commits reconcile.', commits.length),
  );
  parts.push(
    table(
      [l10n.t('Commit'), l10n.t('Result'), ...CHECKS.map(checkTitle)],
      commits.map((c) => [l10n.t('{0} ({1})', markdownText(c.commitName), c.commitId), verdictText(c.verdict), ...CHECKS.map((k) => verdictText(c[k].verdict))]),
    ),
  );
  for (const c of commits) parts.push(commitMarkdown(c));
  return `${parts.join('\n\n')}\n`;
}
