// "Prepaid commits (n)" under a contract: its commits, paginated like the root.
import * as vscode from 'vscode';
import { formatCount } from '../../ui/format';
import { presentError } from './errorNode';
import { listChildren } from './listChildren';
import { PrepaidCommitNode } from './prepaidCommitNode';
import type { TreeContext, TreeNode } from './treeNode';
import type { ContractNode } from './contractNode';

export class PrepaidCommitsFolderNode implements TreeNode {
  readonly id: string;
  readonly contractId: number;
  /** Which of the contract's lists this is, for commands (Refresh) given the node. */
  readonly list = 'prepaidCommits';

  constructor(
    private readonly ctx: TreeContext,
    readonly parent: ContractNode,
  ) {
    this.contractId = parent.contractId;
    this.id = `${parent.id}/commits`;
  }

  getTreeItem(): vscode.TreeItem {
    const list = this.ctx.model.prepaidCommits(this.contractId);
    const count = list.count;
    const item = new vscode.TreeItem(
      count !== undefined ? `Prepaid commits (${formatCount(count)})` : 'Prepaid commits',
      count === 0 ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Collapsed,
    );
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('credit-card');
    item.contextValue = 'campfire.prepaidCommits';
    if (list.error !== undefined && !list.isLoaded) {
      item.description = presentError(list.error, 'prepaid commits').label;
      item.collapsibleState = vscode.TreeItemCollapsibleState.Collapsed;
    } else if (count === 0) item.description = 'none';
    item.tooltip = 'Prepaid commits of this contract: the balances usage draws down.';
    return item;
  }

  getChildren(): Promise<TreeNode[]> {
    const list = this.ctx.model.prepaidCommits(this.contractId);
    return listChildren({
      ctx: this.ctx,
      parent: this,
      idPrefix: this.id,
      list,
      what: 'prepaid commits',
      contractId: this.contractId,
      emptyLabel: 'No prepaid commits',
      item: (commit) =>
        this.ctx.node(
          `${this.id}/${commit.id}`,
          () => new PrepaidCommitNode(this, commit),
          (n) => (n.commit = commit),
        ),
    });
  }
}
