// The commit summary's reconciliation: where the result of src/reconcile/ (the check that a commit's
// usage events, ledger and balance agree) goes. Until that module exists the summary says so.
import type { PrepaidCommit } from '../../api/schemas/prepaidCommit';
import type { Consumption } from '../../api/schemas/consumption';

export type ReconciliationAnswer =
  | { status: 'unavailable'; note: string }
  | { status: 'checked'; result: unknown };

/** The reconciliation of one commit, for its summary. The one place src/reconcile/ plugs in. */
export function reconcileCommit(_commit: PrepaidCommit, _ledger: readonly Consumption[]): Promise<ReconciliationAnswer> {
  return Promise.resolve({ status: 'unavailable', note: 'Reconciliation is not available in this version.' });
}
