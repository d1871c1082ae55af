// What the panel's Reconciliation section shows, from the panel's rows, its commit and its ledger:
// the four checks (src/reconcile/checks), their lines that differ in words, the months, and for each
// difference the grid's column filters that show the events behind it. Without `vscode`, so it is
// tested in plain Node; the words go through @vscode/l10n like the report's.
import * as l10n from '@vscode/l10n';
import type { Consumption, PrepaidCommit } from '../../api';
import { CHECKS, reconcileCommit, signed, type CheckResult, type CommitReconciliation, type EventLine, type LineVerdict } from '../../reconcile/checks';
import { chainDetail, checkTitle, eventDetails, rowDetail } from '../../reconcile/report';
import type { UsageEventColumns } from '../protocol/cellColumns';
import type { ReconciledCommit } from '../../model/reconciledCommits';
import type { LoadPhase, ReconciliationCheckView, ReconciliationDrill, ReconciliationLineView, ReconciliationMonthView, ReconciliationView } from '../protocol/usageEventsMessages';

/** Lines sent per check: the section lists the first ones and says how many more there are. */
const MAX_LINES = 50;

/** What the panel holds when the section is drawn. */
export interface PanelRows {
  phase: LoadPhase | 'idle';
  /** The cached rows are being checked against Campfire, or listed again. */
  checking: boolean;
  rows: UsageEventColumns;
  total: number | null;
  commit: PrepaidCommit | null;
  ledger: readonly Consumption[] | null;
  ledgerError: string | null;
}

/** Why the section cannot check yet, or undefined when every row, the commit and the ledger are in. */
export function notYet(p: PanelRows): string | undefined {
  if (p.phase !== 'done') {
    return p.phase === 'error' || p.phase === 'cancelled'
      ? l10n.t('Cannot check: only {0} of {1} usage events were loaded. Retry to load the rest.', p.rows.length, p.total ?? '?')
      : l10n.t('Cannot check yet: the usage events are still loading.');
  }
  if (p.checking) return l10n.t('Cannot check yet: the cached rows are being checked against Campfire.');
  if (!p.commit) return l10n.t('Cannot check yet: the prepaid commit has not been read.');
  if (!p.ledger && !p.ledgerError) return l10n.t('Cannot check yet: the consumption ledger has not been read.');
  return undefined;
}

/** The checks over every loaded row; undefined while the listing is incomplete (never a verdict on part of it). */
export function reconcilePanel(p: PanelRows): CommitReconciliation | undefined {
  if (notYet(p) !== undefined || !p.commit) return undefined;
  return reconcileCommit({
    commit: p.commit,
    ledger: p.ledger ? { ok: true, value: p.ledger } : { ok: false, reason: p.ledgerError ?? '' },
    events: { ok: true, value: p.rows },
  });
}

const month = (m: string | null) => (m === null ? '—' : m.slice(0, 7));
const judged = (v: LineVerdict) => v !== 'agrees';

/** The events of one period month (a date column filters on the prefix written). */
function monthFilter(from: string, to: string): [string, string] {
  return ['period_month', from === to ? `= ${month(from)}` : `${month(from)}..${month(to)}`];
}

/** The events behind an events-against-the-ledger line: those naming its row (and month), or the month's naming none. */
function eventDrill(l: EventLine): ReconciliationDrill {
  const inMonth = (m: string | null): [string, string][] => (m ? [monthFilter(m, m)] : []);
  switch (l.kind) {
    case 'row':
      return [['consumption', `= ${l.rowId}`]];
    case 'noRow':
      return [['consumption', '='], ...inMonth(l.periodMonth)];
    case 'unknownRow':
      return [['consumption', l.consumption === null ? '=' : `= ${l.consumption}`], ...inMonth(l.periodMonth)];
    case 'adjustment':
      return [['consumption', l.rowId === null ? '=' : `= ${l.rowId}`], ['is_adjustment', `= ${l10n.t('Adjustment')}`], ['original_period_month', l.correctsMonth ? `= ${month(l.correctsMonth)}` : '=']];
  }
}

/** An events line's places in the report's words, each with its exact difference (a count's is in the words). */
function eventLineViews(l: EventLine, digits: number): ReconciliationLineView[] {
  if (!judged(l.verdict)) return [];
  const details = eventDetails(l, digits);
  const drill = eventDrill(l);
  const money = l.kind === 'row' ? (judged(l.revenue.verdict) ? [l.revenue.difference || null] : []) : [l.kind === 'adjustment' ? l.difference : l.revenue];
  return details.map((d, i) => {
    const difference = i < money.length ? (money[i] ?? null) : null;
    return { text: difference === null && d.difference !== '—' ? `${d.where} (${d.difference})` : d.where, difference, verdict: d.verdict, drill };
  });
}

function checkView(result: CheckResult<unknown>, lines: ReconciliationLineView[]): ReconciliationCheckView {
  return { title: checkTitle(result.check), verdict: result.verdict, reason: result.reason ?? null, lines: lines.slice(0, MAX_LINES), lineCount: lines.length };
}

/** The section's content for a reconciliation. */
export function reconciliationView(r: CommitReconciliation, checkedAt: number): ReconciliationView {
  const d = r.digits;
  const chain = r.ledgerChain.lines.filter((l) => judged(l.verdict)).map((l): ReconciliationLineView => ({ text: chainDetail(l, d).where, difference: l.difference || null, verdict: l.verdict, drill: null }));
  const rows = r.ledgerRows.lines.filter((l) => judged(l.verdict)).map((l): ReconciliationLineView => ({ text: rowDetail(l, d).where, difference: l.difference || null, verdict: l.verdict, drill: null }));
  const events = r.eventsAgainstLedger.lines.flatMap((l) => eventLineViews(l, d));
  const months: ReconciliationMonthView[] = r.periods.lines.map((l) => ({
    fromMonth: l.fromMonth,
    toMonth: l.toMonth,
    rows: l.rows,
    eventsRevenue: l.eventsRevenue,
    ledgerGross: l.ledgerGross,
    ledgerNet: l.ledgerNet,
    difference: l.difference,
    open: l.open,
    verdict: l.verdict,
    drill: [monthFilter(l.fromMonth, l.toMonth)],
  }));
  const periods = months
    .filter((m) => !m.open && judged(m.verdict))
    .map((m): ReconciliationLineView => ({
      text: m.fromMonth === m.toMonth ? l10n.t('{0}: events against the ledger', month(m.fromMonth)) : l10n.t('{0} – {1}: events against the ledger', month(m.fromMonth), month(m.toMonth)),
      difference: m.difference,
      verdict: m.verdict,
      drill: m.drill,
    }));
  const byCheck = { ledgerChain: chain, ledgerRows: rows, eventsAgainstLedger: events, periods };
  return {
    state: 'checked',
    verdict: r.verdict,
    currency: r.currency,
    digits: r.digits,
    checkedAt,
    checks: CHECKS.map((c) => checkView(r[c], byCheck[c])),
    months,
  };
}

/**
 * What the window keeps of a reconciliation for the tree and the Changes view: each differing check
 * with its first difference, read from the view the caller made of it (reconciliationView).
 */
export function reconciledEntry(result: CommitReconciliation, view: ReconciliationView, checkedAt: number): ReconciledCommit {
  const differences = view.state === 'checked' ? view.checks.filter((c) => c.verdict === 'differs') : [];
  return {
    contractId: result.contractId,
    commitId: result.commitId,
    commitName: result.commitName,
    verdict: result.verdict,
    checkedAt,
    differences: differences.map((c) => {
      const first = c.lines.find((x) => x.verdict === 'differs' && x.difference !== null);
      return first?.difference ? `${c.title}: ${signed(first.difference, result.digits)} ${result.currency}` : c.title;
    }),
  };
}
