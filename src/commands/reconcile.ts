// "Reconcile Contract": every prepaid commit of a contract checked against its consumption ledger
// and usage events, with progress and Cancel, then a Markdown report in an editor (a table per commit).
import * as vscode from 'vscode';
import { CampfireNoApiKeyError, isCancellation } from '../api/errors';
import { bulkPageSize } from '../api/pageSizes';
import { contractName } from '../model/contractQuery';
import type { ContractReconciliation } from '../reconcile/checks';
import { reconcileListedContract } from '../reconcile/listing';
import { reconciliationMarkdown } from '../reconcile/report';
import { formatCount } from '../shared/countFormat';
import { errorMessage } from '../shared/errorMessage';
import { showError } from '../ui/showError';
import { resolveEntity, type TreeCommandContext } from './treeTargets';
import { currentCacheOwner } from '../core/cacheOwner';
import { reconciledEntry, reconciliationView } from '../usageEvents/host/reconciliationView';

/** What the command leaves behind: the report's document and the result it shows (undefined when nothing ran). */
export interface ReconcileReport {
  uri: string;
  result: ContractReconciliation;
}

export const reconcileContract =
  (ctx: TreeCommandContext) =>
  async (arg?: unknown): Promise<ReconcileReport | undefined> => {
    const { services, model } = ctx;
    const title = vscode.l10n.t('Reconcile Contract');
    try {
      if (!(await services.connection.hasApiKey())) throw new CampfireNoApiKeyError();
      const ref = await resolveEntity(ctx, arg, vscode.l10n.t('Reconcile a contract'));
      if (!ref) return undefined;
      const contractId = ref.ids.contractId;
      const name = await model.contract(contractId).then(contractName, (e: unknown) => {
        services.log.warn(`The name of contract ${contractId} could not be read for its reconciliation: ${errorMessage(e)}`);
        return undefined;
      });
      const { pageSize, maxConcurrentRequests } = services.connection.settings;
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Reconciling {0}', name ?? vscode.l10n.t('contract {0}', contractId)), cancellable: true },
        async (progress, token) => {
          const cancel = new AbortController();
          const sub = token.onCancellationRequested(() => cancel.abort());
          try {
            return await reconcileListedContract(services.connection.client, contractId, {
              pageSize: bulkPageSize(pageSize),
              concurrency: maxConcurrentRequests,
              signal: cancel.signal,
              onProgress: (p) =>
                progress.report({
                  message:
                    p.what === 'ledger'
                      ? vscode.l10n.t('commit {0} of {1}: its ledger', p.index, p.of)
                      : vscode.l10n.t('commit {0} of {1}: {2} of {3} usage events', p.index, p.of, formatCount(p.rows), p.total !== undefined ? formatCount(p.total) : '?'),
                }),
            });
          } finally {
            sub.dispose();
          }
        },
      );
      // The tree and the Changes view mark what this found, as they do for a panel's checks.
      const owner = currentCacheOwner(services.connection);
      const checkedAt = Date.now();
      if (owner) for (const commit of result.commits) ctx.reconciled.record(owner, reconciledEntry(commit, reconciliationView(commit, checkedAt), checkedAt));
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: reconciliationMarkdown(result, name) });
      await vscode.window.showTextDocument(doc, { preview: false });
      services.log.info(`Reconciled contract ${contractId}: ${result.commits.map((c) => `commit ${c.commitId} ${c.verdict}`).join(', ') || 'no commits'}`);
      return { uri: doc.uri.toString(), result };
    } catch (e) {
      if (isCancellation(e)) {
        void vscode.window.showInformationMessage(vscode.l10n.t('{0} cancelled.', title));
        return undefined;
      }
      void showError(services, e, vscode.l10n.t('{0} failed', title));
      return undefined;
    }
  };
