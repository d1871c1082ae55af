// "Tier price overrides (n)" under a contract: the contract's negotiated tier prices.
import * as vscode from 'vscode';
import { formatCount } from '../../ui/format';
import { presentError } from './errorNode';
import { listChildren } from './listChildren';
import { TierPriceOverrideNode } from './tierPriceOverrideNode';
import type { TreeContext, TreeNode } from './treeNode';
import type { ContractNode } from './contractNode';

export class TierPriceOverridesFolderNode implements TreeNode {
  readonly id: string;
  readonly contractId: number;
  /** Which of the contract's lists this is, for commands (Refresh) given the node. */
  readonly list = 'tierPriceOverrides';

  constructor(
    private readonly ctx: TreeContext,
    readonly parent: ContractNode,
  ) {
    this.contractId = parent.contractId;
    this.id = `${parent.id}/overrides`;
  }

  getTreeItem(): vscode.TreeItem {
    const list = this.ctx.model.tierPriceOverrides(this.contractId);
    const count = list.count;
    const item = new vscode.TreeItem(
      count !== undefined ? `Tier price overrides (${formatCount(count)})` : 'Tier price overrides',
      count === 0 ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Collapsed,
    );
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('tag');
    item.contextValue = 'campfire.tierPriceOverrides';
    if (list.error !== undefined && !list.isLoaded) {
      item.description = presentError(list.error, 'tier price overrides').label;
      item.collapsibleState = vscode.TreeItemCollapsibleState.Collapsed;
    } else if (count === 0) item.description = 'none';
    item.tooltip = 'Prices this contract pays for specific usage tiers, instead of the product’s list price.';
    return item;
  }

  getChildren(): Promise<TreeNode[]> {
    const list = this.ctx.model.tierPriceOverrides(this.contractId);
    const currency = this.parent.contract.currency;
    return listChildren({
      ctx: this.ctx,
      parent: this,
      idPrefix: this.id,
      list,
      what: 'tier price overrides',
      contractId: this.contractId,
      emptyLabel: 'No tier price overrides',
      item: (override) =>
        this.ctx.node(
          `${this.id}/${override.id}`,
          () => new TierPriceOverrideNode(this, override, currency),
          (n) => (n.override = override),
        ),
    });
  }
}
