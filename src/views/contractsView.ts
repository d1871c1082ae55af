// The Contracts view: the TreeView over the model, with its title, description, message and context keys.
import type { ReconciledCommits } from '../model/reconciledCommits';
import * as vscode from 'vscode';
import { isCampfireError } from '../api/errors';
import { currentCacheOwner } from '../core/cacheOwner';
import type { Services } from '../core/services';
import { CONTRACT_CHILDREN } from '../resources';
import { showError } from '../ui/showError';
import { isOffline, type ContractsModel, type SnapshotStore } from '../model/contractsModel';
import { parseSavedQuery } from '../model/contractQuery';
import { ContractsTreeProvider } from './contractsTreeProvider';
import { formatDateTime, formatTime } from '../ui/format';
import { formatCount } from '../shared/countFormat';
import { Disposable } from '../shared/disposable';
import { describeSort } from '../ui/words';
import type { LoadMoreNode } from './nodes/loadMoreNode';
import type { TreeNode } from './nodes/treeNode';
import type { Session } from './session';

export const CONTRACTS_VIEW_ID = 'campfire.contracts';

/** Where the tree's filter and sort are kept across window reloads (workspace state: per workspace). */
export const SAVED_QUERY_KEY = 'campfire.contracts.query';

/** "09:12" today, "Dec 6, 2026, 9:12 PM" before: how old cached data is. */
export function formatAsOf(ms: number, now = Date.now()): string {
  return new Date(ms).toDateString() === new Date(now).toDateString() ? formatTime(ms) : formatDateTime(new Date(ms).toISOString());
}

/** Waits between retries of what failed offline: doubling from the first to the last. */
const OFFLINE_RETRY_MS = { first: 5_000, max: 60_000 };

export class ContractsView extends Disposable {
  readonly provider: ContractsTreeProvider;
  readonly treeView: vscode.TreeView<TreeNode>;
  private messageTimer: NodeJS.Timeout | undefined;
  /** The auth error already announced, so one bad key raises one notification, not one per list. */
  private announcedAuthError: unknown;
  /** The `campfire.filtered` context key, which shows Clear Filter (a sort alone has nothing to clear). */
  filteredContext = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryDelay = OFFLINE_RETRY_MS.first;

  constructor(
    private readonly services: Services,
    readonly model: ContractsModel,
    readonly session: Session,
    reconciled: ReconciledCommits,
  ) {
    super();
    // The filter and sort the user left the tree with, before anything is shown.
    const saved = parseSavedQuery(services.context.workspaceState.get<unknown>(SAVED_QUERY_KEY));
    if (saved.filter || saved.sort) model.restoreQuery(saved.filter, saved.sort);
    this.savedQuery = JSON.stringify({ filter: model.filter, sort: model.sort });
    this.provider = new ContractsTreeProvider(model, CONTRACTS_VIEW_ID, () => session.isActive, (contractId, commitId) => reconciled.get(currentCacheOwner(services.connection), contractId, commitId));
    // A commit reconciled in a panel or a report: its tooltip and description say so (nodes are kept, so nothing reloads).
    this.register(reconciled.onDidChange(() => this.provider.refreshView()));
    this.treeView = vscode.window.createTreeView(CONTRACTS_VIEW_ID, { treeDataProvider: this.provider, showCollapseAll: true });
    // The first show after activation starts from the cache.
    this.ownerKey = this.ownerKeyNow();
    model.useStore(this.store(), true);
    const modelSubscription = model.onDidChange((change) => {
      this.saveQuery();
      this.scheduleMessage();
      this.scheduleOfflineRetry();
      if (change.kind === 'children') this.announceAuthError(CONTRACT_CHILDREN.map((r) => model.children(r, change.contractId).error).find((e) => e !== undefined));
      else this.announceAuthError(model.contracts.error);
    });
    this.register(
      this.provider,
      this.treeView,
      modelSubscription,
      // Another account starts from its own cache; the same one with another key reads Campfire again.
      services.connection.onDidChange(() => this.reload('ifAnotherOwner')),
      session.onDidChange(() => this.reload('ifAnotherOwner')),
      // Campfire answers again: what failed while it could not be reached is read again.
      services.connection.onDidChangeHealth((health) => {
        if (health.problem === undefined && health.lastSuccessAt !== undefined && model.hasOfflineFailure) this.retryOffline();
      }),
    );
    this.updateMessage();
  }

  /** The filter and sort last saved (JSON), so they are written only when they change. */
  private savedQuery: string;

  /** Keeps the filter and sort for the next window of this workspace; Clear Filter clears it there too. */
  private saveQuery(): void {
    const m = this.model;
    const now = JSON.stringify({ filter: m.filter, sort: m.sort });
    if (now === this.savedQuery) return;
    this.savedQuery = now;
    void this.services.context.workspaceState.update(SAVED_QUERY_KEY, m.filter || m.sort ? { filter: m.filter, sort: m.sort } : undefined);
  }

  /** Forgets all data and shows the tree again, from the cache when `fromCache` says so. */
  reload(fromCache: boolean | 'ifAnotherOwner' = false): void {
    this.announcedAuthError = undefined;
    const owner = this.ownerKeyNow();
    // A start from the cache not yet made (the window's first) still stands.
    const another = owner !== this.ownerKey || this.model.startsFromCache;
    this.ownerKey = owner;
    this.model.reset();
    this.model.useStore(this.store(), fromCache === 'ifAnotherOwner' ? another : fromCache);
    this.provider.clear();
    this.updateMessage();
  }

  /** Runs a "Load more" and moves focus and selection to the first row it added, so ArrowDown goes on from there. */
  async loadMoreFrom(node: LoadMoreNode): Promise<void> {
    const at = (await this.provider.getChildren(node.parent)).indexOf(node);
    await node.target.loadMore();
    if (at < 0 || !this.treeView.visible) return;
    await this.provider.whenRefreshed();
    const first = (await this.provider.getChildren(node.parent))[at];
    if (first && first !== node) await this.reveal(first, { focus: true, select: true });
  }

  /** Shows the first row after a sort or filter: the rows above what was in view are now the ones that count. */
  async revealTop(): Promise<void> {
    if (!this.treeView.visible) return;
    const first = (await this.provider.getChildren())[0];
    if (first) await this.reveal(first, { focus: false, select: false });
  }

  /**
   * Reveals a row once the workbench has been asked to paint it. A reload in between (another
   * page size or key) replaces the rows, and the workbench may still be fetching them: the row of
   * the same id is revealed once that is done, and a row that is gone is not an error the user
   * should see.
   */
  async reveal(node: TreeNode, options: { focus: boolean; select: boolean; expand?: number }): Promise<boolean> {
    for (let attempt = 0; attempt < 3; attempt++) {
      await this.provider.whenRefreshed();
      const now = attempt === 0 ? node : this.provider.lookup(node.id);
      if (!now) return false;
      try {
        await this.treeView.reveal(now, options);
        return true;
      } catch (e) {
        this.services.log.debug(`Could not reveal ${node.id}: ${e instanceof Error ? e.message : String(e)}`);
        // The workbench's own fetch of the new rows ends shortly.
        await new Promise((resolve) => setTimeout(resolve, 200 * (attempt + 1)));
      }
    }
    return false;
  }

  /** Whose data the view shows last, so a reload can tell another account from another key. */
  private ownerKey: string | undefined;

  private ownerKeyNow(): string | undefined {
    const owner = currentCacheOwner(this.services.connection);
    return owner && `${owner.origin}\n${owner.accountId}`;
  }

  private store(): SnapshotStore | undefined {
    const owner = currentCacheOwner(this.services.connection);
    return owner && this.services.cache.scope(owner);
  }

  /** While something failed offline, tries again now and then (doubling waits), as nothing else may make a request. */
  private scheduleOfflineRetry(): void {
    if (!this.model.hasOfflineFailure) {
      this.retryDelay = OFFLINE_RETRY_MS.first;
      return;
    }
    this.retryTimer ??= setTimeout(() => {
      this.retryTimer = undefined;
      this.retryDelay = Math.min(OFFLINE_RETRY_MS.max, this.retryDelay * 2);
      this.retryOffline();
    }, this.retryDelay);
  }

  private retryOffline(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (this.session.isActive) void this.model.retryFailed();
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
    // The account goes first in the description: a title is cut short where the side bar is narrow.
    this.treeView.title = sample ? vscode.l10n.t('Contracts (Sample Data)') : vscode.l10n.t('Contracts');

    const lines: string[] = [];
    if (sample) lines.push(vscode.l10n.t('Sample data from a local Campfire server, not your account.'));
    if (this.session.isActive) {
      // The filter has its own row in the tree; the sort is said here in one sentence.
      if (m.sort) {
        const sorted = describeSort(m.sort);
        const view = m.root();
        const total = view.total ?? 0;
        if (m.filter) lines.push(vscode.l10n.t({ message: 'Sorted by {0}.', args: [sorted], comment: ['{0} describes the sort, e.g. "total contract value, descending"'] }));
        else {
          const p = m.loadAllProgress;
          const counts = view.queryIncomplete
            ? p
              ? vscode.l10n.t({ message: 'loading all contracts… {0} of {1}', args: [formatCount(p.loaded), formatCount(p.total)], comment: ['In parentheses after the filter or sort'] })
              : vscode.l10n.t({ message: 'loading all contracts…', comment: ['In parentheses after the filter or sort'] })
            : total === 1
              ? vscode.l10n.t({ message: '{0} contract', args: [formatCount(total)], comment: ['In parentheses after the sort'] })
              : vscode.l10n.t({ message: '{0} contracts', args: [formatCount(total)], comment: ['In parentheses after the sort'] });
          lines.push(vscode.l10n.t({ message: 'Sorted by {0} ({1}).', args: [sorted, counts], comment: ['{0} describes the sort, {1} how many contracts it shows'] }));
        }
      }
      // Cached or loaded earlier in this window, the data shown is as old as its last read.
      const readAt = list.cachedAt ?? list.loadedAt;
      if (list.isStale && isOffline(list.error) && readAt !== undefined) {
        lines.push(vscode.l10n.t({ message: 'Offline — showing data from {0}.', args: [formatAsOf(readAt)], comment: ['{0} is when the data shown was read from Campfire, e.g. 09:12'] }));
      }
    }
    this.treeView.message = lines.length ? lines.join(' ') : undefined;

    let counts: string | undefined;
    if (this.session.isActive && list.isLoaded) {
      const view = m.root();
      const total = view.total ?? list.items.length;
      // With a filter, its row says how many match: the description says how many there are.
      counts =
        list.isComplete && (view.matched === undefined || m.filter !== undefined)
          ? formatCount(total)
          : vscode.l10n.t({ message: '{0} of {1}', args: [formatCount(view.matched ?? list.items.length), formatCount(total)], comment: ['How many contracts the view shows ({0}) of how many there are ({1})'] });
    }
    // Cached contracts not yet synced say how old they are.
    if (counts !== undefined && list.cachedAt !== undefined) {
      counts = vscode.l10n.t({ message: '{0} · as of {1}', args: [counts, formatAsOf(list.cachedAt)], comment: ['{0} counts the contracts shown, {1} is when the cached list was read from Campfire'] });
    }
    const description = [account?.label, counts].filter((part) => part !== undefined && part !== '').join(' · ');
    this.treeView.description = description || undefined;
  }

  override dispose(): void {
    if (this.messageTimer) clearTimeout(this.messageTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    super.dispose();
  }
}
