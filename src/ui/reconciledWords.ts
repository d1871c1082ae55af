// How the tree and the Changes view say what a reconciliation the user ran found for a commit.
import * as vscode from 'vscode';
import type { ReconciledCommit } from '../model/reconciledCommits';
import { formatDateTime } from './format';

/** "✗ Does not reconcile (checked …): Periods: +12.34 USD", "✓ Reconciles (checked …)". */
export function reconciledLine(r: ReconciledCommit): string {
  const when = formatDateTime(new Date(r.checkedAt).toISOString());
  switch (r.verdict) {
    case 'differs':
      return vscode.l10n.t({ message: '✗ Does not reconcile (checked {0}): {1}', args: [when, r.differences.join('; ')], comment: ['{0} is when the user reconciled the commit; {1} lists the checks that differ'] });
    case 'cannotCheck':
      return vscode.l10n.t({ message: '? Could not be reconciled in full (checked {0})', args: [when], comment: ['{0} is when the user reconciled the commit'] });
    case 'agrees':
      return vscode.l10n.t({ message: '✓ Reconciles (checked {0})', args: [when], comment: ['{0} is when the user reconciled the commit'] });
  }
}
