// The commit summary's reconciliation: the four checks of src/reconcile/ (README, "Reconciling a
// commit"), cut down for an answer: each check's verdict and the lines that differ, bounded.
import { CHECKS, type CheckName, type CheckResult, type CommitReconciliation } from '../../reconcile/checks';
import { checkSummary, checkTitle, differingDetails, type chainDetail } from '../../reconcile/report';

/** Differing lines shown per check; the count says how many there are in all. */
const LINES_PER_CHECK = 10;

export interface ReconciliationAnswer {
  verdict: CommitReconciliation['verdict'];
  currency: string;
  ledger_rows: number | null;
  usage_events: number | null;
  checks: Record<string, { summary: string; differing: number; not_judged: number; differing_lines: unknown[]; more_differing_lines: number }>;
}

export function reconciliationAnswer(r: CommitReconciliation): ReconciliationAnswer {
  const checks: ReconciliationAnswer['checks'] = {};
  for (const name of CHECKS) {
    const check = r[name] as CheckResult<{ verdict: string }>;
    const differing = check.lines.filter((l) => l.verdict === 'differs');
    checks[name] = {
      summary: checkSummary(check),
      differing: check.differing,
      not_judged: check.undocumented,
      differing_lines: differing.slice(0, LINES_PER_CHECK),
      more_differing_lines: Math.max(0, differing.length - LINES_PER_CHECK),
    };
  }
  return { verdict: r.verdict, currency: r.currency, ledger_rows: r.ledgerRowCount, usage_events: r.eventCount, checks };
}

/** A line of a check that differs or could not be judged, in the user's words (the report's columns). */
export type DifferenceLine = ReturnType<typeof chainDetail>;

/** The reconciliation for a person: each check's title, verdict and summary, then the lines that do not agree, bounded. */
export interface ReconciliationView {
  verdict: CommitReconciliation['verdict'];
  checks: { name: CheckName; title: string; verdict: CommitReconciliation['verdict']; summary: string }[];
  differences: DifferenceLine[];
  /** Lines that do not agree beyond those listed. */
  moreDifferences: number;
  ledgerRows: number | null;
  usageEvents: number | null;
}

export function reconciliationView(r: CommitReconciliation, maxLines = LINES_PER_CHECK): ReconciliationView {
  const differences = differingDetails(r);
  return {
    verdict: r.verdict,
    checks: CHECKS.map((name) => ({ name, title: checkTitle(name), verdict: r[name].verdict, summary: checkSummary(r[name]) })),
    differences: differences.slice(0, maxLines),
    moreDifferences: Math.max(0, differences.length - maxLines),
    ledgerRows: r.ledgerRowCount,
    usageEvents: r.eventCount,
  };
}
