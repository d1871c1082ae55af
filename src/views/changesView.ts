// The Changes view: what the last contracts sync changed, and commits worth a look. Diffs are served
// from the model's change set under their own scheme, so the previous version needs no request.
import * as vscode from 'vscode';
import type { Contract } from '../api/schemas/contract';
import type { CommitAlert, ContractChange, ContractChangeKind } from '../model/contractChanges';
import type { ContractsModel } from '../model/contractsModel';
import { contracts as contractsResource } from '../resources';
import { formatDate, formatPercent } from '../ui/format';
import { formatCount } from '../shared/countFormat';
import { Disposable } from '../shared/disposable';
import { contractLabel } from '../ui/words';
import { formatAsOf } from './contractsView';
import { entityUri } from './jsonDocuments';
import { stringifyExact } from '../shared/exactNumber';
import type { CacheOwner } from '../cache/cacheStore';
import type { ReconciledCommit, ReconciledCommits } from '../model/reconciledCommits';
import { reconciledLine } from '../ui/reconciledWords';

export const CHANGES_VIEW_ID = 'campfire.changes';
/** Documents of the versions a change compares: campfire-changes:/previous/12.json, …/current/12.json. */
export const CHANGES_SCHEME = 'campfire-changes';

type ChangeNode =
  | { type: 'group'; kind: ContractChangeKind | 'commits' | 'unreconciled'; count: number }
  | { type: 'unreconciled'; result: ReconciledCommit }
  | { type: 'contract'; change: ContractChange }
  | { type: 'commit'; alert: CommitAlert };

export function versionUri(version: 'previous' | 'current', contract: Pick<Contract, 'id'>): vscode.Uri {
  return vscode.Uri.from({ scheme: CHANGES_SCHEME, path: `/${version}/${contract.id}.json` });
}

export class ChangesView extends Disposable implements vscode.TreeDataProvider<ChangeNode>, vscode.TextDocumentContentProvider {
  readonly treeView: vscode.TreeView<ChangeNode>;
  private readonly changed = new vscode.EventEmitter<undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly docsChanged = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.docsChanged.event;

  /** `reconciled` and `owner`: the commits the user reconciled that do not add up, of the account in use. */
  constructor(
    private readonly model: ContractsModel,
    private readonly reconciled: ReconciledCommits,
    private readonly owner: () => CacheOwner | undefined,
  ) {
    super();
    this.treeView = vscode.window.createTreeView(CHANGES_VIEW_ID, { treeDataProvider: this });
    this.register(
      this.treeView,
      vscode.workspace.registerTextDocumentContentProvider(CHANGES_SCHEME, this),
      model.onDidChange((c) => {
        if (c.kind === 'changes') this.update();
      }),
      reconciled.onDidChange(() => this.update()),
      this.changed,
      this.docsChanged,
    );
    this.update();
  }

  /** What the view lists, for the tests: the contract changes, then the commit alerts. */
  get contractChanges(): readonly ContractChange[] {
    return this.model.lastChanges?.contracts ?? [];
  }

  private update(): void {
    const changes = this.model.lastChanges;
    const count = this.contractChanges.length + this.model.commitAlerts.length + this.unreconciled.length;
    this.treeView.badge = count > 0 ? { value: count, tooltip: vscode.l10n.t({ message: '{0} changes since the previous sync', args: [formatCount(count)], comment: ['The Changes view’s badge'] }) } : undefined;
    this.treeView.description = changes ? vscode.l10n.t({ message: 'since {0}', args: [formatAsOf(changes.since)], comment: ['{0} is when the previous sync read the contracts'] }) : undefined;
    this.treeView.message =
      count > 0
        ? undefined
        : changes
          ? vscode.l10n.t('No contract changed since the previous sync.')
          : vscode.l10n.t('Changes show after the contracts are synced with a complete list from before (Load all, or a filter or sort, reads them all).');
    this.changed.fire(undefined);
  }

  getChildren(node?: ChangeNode): ChangeNode[] {
    const changes = this.contractChanges;
    if (!node) {
      const groups: ChangeNode[] = [];
      for (const kind of ['added', 'modified', 'deleted'] as const) {
        const n = changes.filter((c) => c.kind === kind).length;
        if (n > 0) groups.push({ type: 'group', kind, count: n });
      }
      if (this.model.commitAlerts.length > 0) groups.push({ type: 'group', kind: 'commits', count: this.model.commitAlerts.length });
      const unreconciled = this.unreconciled;
      if (unreconciled.length > 0) groups.push({ type: 'group', kind: 'unreconciled', count: unreconciled.length });
      return groups;
    }
    if (node.type !== 'group') return [];
    if (node.kind === 'unreconciled') return this.unreconciled.map((result) => ({ type: 'unreconciled', result }));
    if (node.kind === 'commits') return this.model.commitAlerts.map((alert) => ({ type: 'commit', alert }));
    return changes.filter((c) => c.kind === node.kind).map((change) => ({ type: 'contract', change }));
  }

  getTreeItem(node: ChangeNode): vscode.TreeItem {
    if (node.type === 'group') {
      const label = {
        added: vscode.l10n.t({ message: 'Added ({0})', args: [formatCount(node.count)], comment: ['Contracts added since the previous sync'] }),
        modified: vscode.l10n.t({ message: 'Modified ({0})', args: [formatCount(node.count)], comment: ['Contracts modified since the previous sync'] }),
        deleted: vscode.l10n.t({ message: 'Deleted ({0})', args: [formatCount(node.count)], comment: ['Contracts deleted since the previous sync'] }),
        commits: vscode.l10n.t({ message: 'Prepaid commits to watch ({0})', args: [formatCount(node.count)], comment: ['Commits used past 80/90/100 % or expiring soon'] }),
        unreconciled: vscode.l10n.t({ message: '✗ Prepaid commits that do not reconcile ({0})', args: [formatCount(node.count)], comment: ['Commits whose usage events, ledger and balance do not add up, as the user found when reconciling them'] }),
      }[node.kind];
      const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `changes/${node.kind}`;
      item.contextValue = 'campfire.changesGroup';
      item.iconPath = new vscode.ThemeIcon({ added: 'diff-added', modified: 'diff-modified', deleted: 'diff-removed', commits: 'warning', unreconciled: 'error' }[node.kind]);
      return item;
    }
    if (node.type === 'unreconciled') return this.unreconciledItem(node.result);
    if (node.type === 'contract') return this.contractItem(node.change);
    return this.commitItem(node.alert);
  }

  private contractItem(change: ContractChange): vscode.TreeItem {
    const record = (change.current ?? change.previous) as Contract;
    const item = new vscode.TreeItem(contractLabel(record), vscode.TreeItemCollapsibleState.None);
    item.id = `changes/${change.kind}/${change.id}`;
    item.contextValue = `campfire.change.${change.kind}`;
    if (change.kind === 'modified') {
      item.description = change.fields.join(', ');
      item.tooltip = vscode.l10n.t({ message: 'Changed: {0}. Click to compare the previous and the current version.', args: [change.fields.join(', ')], comment: ['{0} lists the fields of a contract that changed'] });
      item.iconPath = new vscode.ThemeIcon('diff-modified');
      item.command = {
        command: 'vscode.diff',
        title: vscode.l10n.t('Compare'),
        arguments: [versionUri('previous', record), versionUri('current', record), vscode.l10n.t({ message: '{0} (previous ↔ current)', args: [contractLabel(record)], comment: ['The title of a diff editor comparing two versions of a contract'] })],
      };
    } else if (change.kind === 'added') {
      item.description = record.client_name;
      item.iconPath = new vscode.ThemeIcon('diff-added');
      item.command = { command: 'vscode.open', title: vscode.l10n.t('View JSON'), arguments: [entityUri({ resource: contractsResource, ids: { contractId: record.id } })] };
    } else {
      item.description = record.client_name;
      item.iconPath = new vscode.ThemeIcon('diff-removed');
      item.command = { command: 'vscode.open', title: vscode.l10n.t('View JSON'), arguments: [versionUri('previous', record)] };
    }
    return item;
  }

  /** The commits of the account in use that a reconciliation found not to add up. */
  get unreconciled(): ReconciledCommit[] {
    return this.reconciled.differing(this.owner());
  }

  private unreconciledItem(result: ReconciledCommit): vscode.TreeItem {
    const item = new vscode.TreeItem(result.commitName, vscode.TreeItemCollapsibleState.None);
    item.id = `changes/unreconciled/${result.contractId}/${result.commitId}`;
    item.contextValue = 'campfire.change.commit';
    item.description = result.differences.join('; ');
    item.iconPath = new vscode.ThemeIcon('error');
    item.tooltip = reconciledLine(result);
    item.command = { command: 'campfire.openUsageEvents', title: vscode.l10n.t('Open Usage Events'), arguments: [{ contractId: result.contractId, commitId: result.commitId }] };
    return item;
  }

  private commitItem(alert: CommitAlert): vscode.TreeItem {
    const item = new vscode.TreeItem(alert.name, vscode.TreeItemCollapsibleState.None);
    item.id = `changes/commit/${alert.kind}/${alert.commitId}`;
    item.contextValue = 'campfire.change.commit';
    if (alert.kind === 'used') {
      item.description = vscode.l10n.t({ message: 'passed {0} % used ({1} now)', args: [alert.threshold, formatPercent(alert.usedPercent)], comment: ['A prepaid commit that passed 80, 90 or 100 % used since the previous look'] });
      item.iconPath = new vscode.ThemeIcon(alert.threshold >= 100 ? 'error' : 'warning');
    } else {
      item.description = vscode.l10n.t({ message: 'expires {0} (in {1} days)', args: [formatDate(alert.expiresOn), alert.days], comment: ['A prepaid commit that expires within 30 days'] });
      item.iconPath = new vscode.ThemeIcon('calendar');
    }
    item.tooltip = vscode.l10n.t({ message: 'Prepaid commit {0} of contract {1}', args: [alert.commitId, alert.contractId], comment: ['Tooltip of a commit in the Changes view'] });
    item.command = { command: 'campfire.openUsageEvents', title: vscode.l10n.t('Open Usage Events'), arguments: [{ contractId: alert.contractId, commitId: alert.commitId }] };
    return item;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const m = /^\/(previous|current)\/(\d+)\.json$/.exec(uri.path);
    const change = m && this.contractChanges.find((c) => c.id === Number(m[2]));
    const record = change && (m[1] === 'previous' ? change.previous : change.current);
    if (!record) return `// ${vscode.l10n.t('This version is no longer kept: the Changes view shows the last sync only.')}\n`;
    return `${stringifyExact(record, 2)}\n`;
  }
}
