// The active filter as one row at the top of the tree: what it keeps and how many match. Clicking it
// edits the filter; its inline action clears it.
import * as vscode from 'vscode';
import type { ContractFilter } from '../../model/contractQuery';
import { formatCount } from '../../shared/countFormat';
import { describeFilter } from '../../ui/words';
import type { TreeNode } from './treeNode';

export const FILTER_NODE_ID = 'contracts/filter';

export class FilterNode implements TreeNode {
  readonly id = FILTER_NODE_ID;
  readonly parent = undefined;

  constructor(
    public filter: ContractFilter,
    /** How many contracts match of how many there are; undefined while they still load. */
    public counts: { matched: number; total: number } | undefined,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const what = describeFilter(this.filter);
    const label = vscode.l10n.t({ message: 'Filter: {0}', args: [what], comment: ['{0} describes the filter, e.g. “acme” · ACTIVE'] });
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('filter');
    item.contextValue = 'campfire.filterRow';
    const counts = this.counts;
    const description = counts
      ? vscode.l10n.t({ message: '{0} of {1} match', args: [formatCount(counts.matched), formatCount(counts.total)], comment: ['How many contracts match the filter ({0}) of how many there are ({1})'] })
      : vscode.l10n.t({ message: 'loading all contracts…', comment: ['In parentheses after the filter or sort'] });
    item.description = description;
    item.tooltip = vscode.l10n.t('Click to change the filter; Clear Filter (inline) shows every contract again.');
    item.command = { command: 'campfire.filter', title: vscode.l10n.t('Filter…') };
    item.accessibilityInformation = { label: `${label}, ${description}`, role: 'treeitem' };
    return item;
  }

  getChildren(): TreeNode[] {
    return [];
  }
}
