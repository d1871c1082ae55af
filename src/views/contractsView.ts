// The Contracts view: the TreeView over the model, and what it says around the tree: the title
// (the account in use is named, sample data is labelled), the description (counts), the message
// (filter, sort, an unreachable API) and the context keys its menus use. Reloads from scratch when
// the key or server changes.
import * as vscode from 'vscode';
import { isCampfireError } from '../api/errors';
import type { Services } from '../core/services';
import { CONTRACT_CHILDREN } from '../resources';
import { showError } from '../ui/showError';
import { describeFilter, describeSort } from '../model/contractQuery';
import type { ContractsModel } from '../model/contractsModel';
import { ContractsTreeProvider } from './contractsTreeProvider';
import { formatCount, formatTime } from '../ui/format';
import type { TreeNode } from './nodes/treeNode';
import type { Session } from './session';

export const CONTRACTS_VIEW_ID = 'campfire.contracts';

export class ContractsView implements vscode.Disposable {
  readonly provider: ContractsTreeProvider;
  readonly treeView: vscode.TreeView<TreeNode>;
  private readonly disposables: { dispose(): unknown }[] = [];
  private messageTimer: NodeJS.Timeout | undefined;
  /** The auth error already announced, so one bad key raises one notification, not one per list. */
  private announcedAuthError: unknown;
  /**
   * The last value of the `campfire.filtered` context key, which shows Clear Filter: true only
   * while a text or status filter is active (a sort alone has nothing to clear).
   */
  filteredContext = false;

  constructor(
    private readonly services: Services,
    readonly model: ContractsModel,
    readonly session: Session,
  ) {
    this.provider = new ContractsTreeProvider(model, CONTRACTS_VIEW_ID, () => session.isActive);
    this.treeView = vscode.window.createTreeView(CONTRACTS_VIEW_ID, { treeDataProvider: this.provider, showCollapseAll: true });
    const modelSubscription = model.onDidChange((change) => {
      this.scheduleMessage();
      if (change.kind === 'children') this.announceAuthError(CONTRACT_CHILDREN.map((r) => model.children(r, change.contractId).error).find((e) => e !== undefined));
      else this.announceAuthError(model.contracts.error);
    });
    this.disposables.push(
      this.provider,
      this.treeView,
      modelSubscription,
      // Another key, another server or another account: nothing loaded so far is valid.
      services.connection.onDidChange(() => this.reload()),
      session.onDidChange(() => this.reload()),
    );
    this.updateMessage();
  }

  /** Forgets all data and shows the tree (or the welcome view) again. */
  reload(): void {
    this.announcedAuthError = undefined;
    this.model.reset();
    this.provider.clear();
    this.updateMessage();
  }

  private announceAuthError(error: unknown): void {
    if (!isCampfireError(error) || error.kind !== 'auth' || this.announcedAuthError !== undefined) return;
    this.announcedAuthError = error;
    void showError(this.services, error);
  }

  private scheduleMessage(): void {
    this.messageTimer ??= setTimeout(() => {
      this.messageTimer = undefined;
      this.updateMessage();
    }, 50);
  }

  private updateMessage(): void {
    const m = this.model;
    const list = m.contracts;
    const sample = this.services.sample.active;
    this.filteredContext = m.hasFilter;
    void vscode.commands.executeCommand('setContext', 'campfire.filtered', this.filteredContext);
    const account = sample ? undefined : this.services.connection.account;
    this.treeView.title = sample ? 'Contracts (Sample Data)' : account ? `Contracts — ${account.label}` : 'Contracts';

    const lines: string[] = [];
    if (sample) lines.push('Sample data from a local Campfire server, not your account.');
    if (this.session.isActive) {
      if (m.filter || m.sort) {
        const what: string[] = [];
        if (m.filter) what.push(`Filter: ${describeFilter(m.filter)}`);
        if (m.sort) what.push(`Sorted by ${describeSort(m.sort)}`);
        const view = m.root();
        const p = m.loadAllProgress;
        const counts = view.queryIncomplete
          ? p
            ? `loading all contracts… ${formatCount(p.loaded)} of ${formatCount(p.total)}`
            : 'loading all contracts…'
          : m.filter
            ? `${formatCount(view.matched ?? 0)} of ${formatCount(view.total ?? 0)} contracts match`
            : `${formatCount(view.total ?? 0)} contracts`;
        lines.push(`${what.join(' · ')} (${counts}).`);
      }
      if (list.isStale && isCampfireError(list.error) && (list.error.kind === 'network' || list.error.kind === 'timeout') && list.loadedAt !== undefined) {
        lines.push(`Campfire is unreachable: showing contracts loaded at ${formatTime(list.loadedAt)}.`);
      }
    }
    this.treeView.message = lines.length ? lines.join(' ') : undefined;

    let description: string | undefined;
    if (this.session.isActive && list.isLoaded) {
      const view = m.root();
      const total = view.total ?? list.items.length;
      description = view.matched !== undefined ? `${formatCount(view.matched)} of ${formatCount(total)}` : `${formatCount(list.items.length)} of ${formatCount(total)}`;
      if (list.isComplete && view.matched === undefined) description = formatCount(total);
    }
    this.treeView.description = description;
  }

  dispose(): void {
    if (this.messageTimer) clearTimeout(this.messageTimer);
    for (const d of this.disposables) d.dispose();
  }
}
