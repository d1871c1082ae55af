// A header row above each currency group when contracts are sorted by value: amounts in different
// currencies are never compared, so each group is sorted on its own and says what it adds up to.
import * as vscode from 'vscode';
import type { CurrencyGroup } from '../../model/contractQuery';
import { formatMoney, formatMoneyBySymbol } from '../../ui/format';
import { currencyGroupLabel } from '../../ui/words';
import type { TreeNode } from './treeNode';

export function currencyGroupNodeId(currency: string | undefined): string {
  return `contracts/currency/${currency ?? '-'}`;
}

export class CurrencyGroupNode implements TreeNode {
  readonly id: string;
  readonly parent = undefined;

  constructor(public group: CurrencyGroup) {
    this.id = currencyGroupNodeId(group.currency);
  }

  getTreeItem(): vscode.TreeItem {
    const g = this.group;
    const label = currencyGroupLabel(g.currency, g.count);
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(g.currency ? 'symbol-number' : 'circle-slash');
    item.contextValue = 'campfire.currencyGroup';
    // The label names the currency: the subtotal does not say it again.
    const total = g.currency ? vscode.l10n.t({ message: '{0} in all', args: [formatMoneyBySymbol(g.total, g.currency, true)], comment: ['The sum of a currency group’s contract values: "$12.3M in all"'] }) : undefined;
    item.description = total;
    item.tooltip = g.currency
      ? vscode.l10n.t({
          message: 'Contracts whose value is compared in {0}, sorted among themselves: amounts in different currencies are not compared. Total {1}.',
          args: [g.currency, formatMoney(g.total, g.currency)],
          comment: ['{0} is a currency code, {1} the sum of the group’s values'],
        })
      : vscode.l10n.t('Contracts without a total value come last.');
    item.accessibilityInformation = { label: total ? `${label}, ${total}` : label, role: 'treeitem' };
    return item;
  }

  getChildren(): TreeNode[] {
    return [];
  }
}
