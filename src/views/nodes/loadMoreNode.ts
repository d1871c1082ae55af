// "Load more (100 of 1,234)" at the end of a partly loaded list; "Load all" is its inline action.
import * as vscode from 'vscode';
import type { LoadProgress } from '../../model/pagedList';
import { formatCount } from '../../shared/countFormat';
import type { TreeNode } from './treeNode';

export interface LoadMoreTarget {
  /** What the list holds, for the tooltip ("contracts", "prepaid commits"), in the display language. */
  what: string;
  shown(): number;
  total(): number | undefined;
  loading(): boolean;
  loadMore(): Promise<void>;
  loadAll(onProgress?: (p: LoadProgress) => void, cancel?: AbortSignal): Promise<void>;
  /** The list's last load error (undefined when its last load succeeded), for Load all to report. */
  error(): unknown;
}

export class LoadMoreNode implements TreeNode {
  constructor(
    readonly id: string,
    readonly parent: TreeNode | undefined,
    readonly target: LoadMoreTarget,
    /** Set on nodes under a contract, so commands know which contract's list this is. */
    readonly contractId?: number,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const shown = this.target.shown();
    const total = this.target.total();
    const counts =
      total !== undefined
        ? vscode.l10n.t({ message: '{0} of {1}', args: [formatCount(shown), formatCount(total)], comment: ['How many items of a list are shown ({0}) of how many there are ({1})'] })
        : formatCount(shown);
    const loading = this.target.loading();
    const label = loading
      ? vscode.l10n.t({ message: 'Loading more… ({0})', args: [counts], comment: ['{0} is how many are shown, e.g. "100 of 1,234"'] })
      : vscode.l10n.t({ message: 'Load more ({0})', args: [counts], comment: ['{0} is how many are shown, e.g. "100 of 1,234"'] });
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(loading ? 'loading~spin' : 'ellipsis');
    item.contextValue = 'campfire.loadMore';
    item.tooltip = vscode.l10n.t({
      message: 'Load the next page of {0}. Use “Load all” (inline) to load every one.',
      args: [this.target.what],
      comment: ['{0} is what the list holds, e.g. "prepaid commits"; “Load all” is the inline action next to the item'],
    });
    // "Load more contracts, 100 of 240": what it loads and how many are shown, not just "Load more".
    item.accessibilityInformation = {
      label: loading
        ? vscode.l10n.t({ message: 'Loading more {0}, {1}', args: [this.target.what, counts], comment: ['Read by a screen reader: {0} is what the list holds ("contracts"), {1} how many are shown ("100 of 240")'] })
        : vscode.l10n.t({ message: 'Load more {0}, {1}', args: [this.target.what, counts], comment: ['Read by a screen reader: {0} is what the list holds ("contracts"), {1} how many are shown ("100 of 240")'] }),
      role: 'button',
    };
    if (!loading) item.command = { command: 'campfire.loadMore', title: vscode.l10n.t('Load more'), arguments: [this] };
    return item;
  }

  getChildren(): TreeNode[] {
    return [];
  }
}
