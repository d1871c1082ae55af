// The commit summary's reconciliation: the four checks of src/reconcile/ (README, "Reconciling a
// commit"), cut down for an answer: each check's verdict and the lines that differ, bounded.
import { CHECKS, type CheckResult, type CommitReconciliation } from '../../reconcile/checks';
import { checkSummary } from '../../reconcile/report';

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
