// "Load more (100 of 1,234)" at the end of a partly loaded list; "Load all" is its inline action.
import * as vscode from 'vscode';
import type { LoadProgress } from '../../model/pagedList';
import { formatCount } from '../../ui/format';
import type { TreeNode } from './treeNode';

export interface LoadMoreTarget {
  /** What the list holds, for the tooltip ("contracts", "prepaid commits"). */
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
    const counts = total !== undefined ? `${formatCount(shown)} of ${formatCount(total)}` : formatCount(shown);
    const loading = this.target.loading();
    const item = new vscode.TreeItem(loading ? `Loading more… (${counts})` : `Load more (${counts})`, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(loading ? 'loading~spin' : 'ellipsis');
    item.contextValue = 'campfire.loadMore';
    item.tooltip = `Load the next page of ${this.target.what}. Use “Load all” (inline) to load every one.`;
    if (!loading) item.command = { command: 'campfire.loadMore', title: 'Load more', arguments: [this] };
    return item;
  }

  getChildren(): TreeNode[] {
    return [];
  }
}
