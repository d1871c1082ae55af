// "Prepaid commits (4)", "Tier price overrides (2)": one of a contract's lists, paginated like the
// root. One class for every list under a contract; what differs comes from the resource's
// descriptor (label, icon, context value) and from the node that renders one item.
import * as vscode from 'vscode';
import type { ChildItem } from '../../model/contractsSource';
import { prepaidCommits, tierPriceOverrides, type ContractChild } from '../../resources';
import { formatCount } from '../../ui/format';
import type { ContractNode } from './contractNode';
import { presentError } from './errorNode';
import { listChildren } from './listChildren';
import { PrepaidCommitNode } from './prepaidCommitNode';
import { TierPriceOverrideNode } from './tierPriceOverrideNode';
import type { TreeContext, TreeNode } from './treeNode';

/** A node that shows one item of a list; `item` is replaced when the list reloads. */
export interface ItemNode<T> extends TreeNode {
  item: T;
}

type ItemNodeFactory<R extends ContractChild> = (folder: ListFolderNode<R>, item: ChildItem<R>) => ItemNode<ChildItem<R>>;

/** How each list under a contract renders an item. */
const ITEM_NODES = new Map<ContractChild, ItemNodeFactory<ContractChild>>([
  [prepaidCommits, (folder, commit) => new PrepaidCommitNode(folder as ListFolderNode<typeof prepaidCommits>, commit as ChildItem<typeof prepaidCommits>)],
  [tierPriceOverrides, (folder, o) => new TierPriceOverrideNode(folder as ListFolderNode<typeof tierPriceOverrides>, o as ChildItem<typeof tierPriceOverrides>, folder.parent.contract.currency)],
]);

export function listFolderId(contractId: number, resource: ContractChild): string {
  return `contract/${contractId}/${resource.segment}`;
}

export class ListFolderNode<R extends ContractChild> implements TreeNode {
  readonly id: string;
  readonly contractId: number;
  /** Which of the contract's lists this is, for commands (Refresh, Load all) given the node. */
  readonly list: R['name'];

  constructor(
    private readonly ctx: TreeContext,
    readonly parent: ContractNode,
    readonly resource: R,
  ) {
    this.contractId = parent.contractId;
    this.id = listFolderId(parent.contractId, resource);
    this.list = resource.name;
  }

  getTreeItem(): vscode.TreeItem {
    const r = this.resource;
    const list = this.ctx.model.children(r, this.contractId);
    const count = list.count;
    const name = r.label.many.replace(/^./, (c) => c.toUpperCase());
    const item = new vscode.TreeItem(
      count !== undefined ? `${name} (${formatCount(count)})` : name,
      count === 0 ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Collapsed,
    );
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(r.icon);
    item.contextValue = r.contextValue.list;
    if (list.error !== undefined && !list.isLoaded) {
      item.description = presentError(list.error, r.label.many).label;
      item.collapsibleState = vscode.TreeItemCollapsibleState.Collapsed;
    } else if (count === 0) item.description = 'none';
    item.tooltip = `${name} of this contract: ${r.summary}.`;
    return item;
  }

  getChildren(): Promise<TreeNode[]> {
    const r = this.resource;
    const list = this.ctx.model.children(r, this.contractId);
    const create = ITEM_NODES.get(r) as ItemNodeFactory<R> | undefined;
    if (!create) throw new Error(`No tree node renders ${r.label.many}`);
    return listChildren({
      ctx: this.ctx,
      parent: this,
      idPrefix: this.id,
      list,
      what: r.label.many,
      contractId: this.contractId,
      emptyLabel: `No ${r.label.many}`,
      item: (value) =>
        this.ctx.node(
          `${this.id}/${value.id}`,
          () => create(this, value),
          (n) => (n.item = value),
        ),
    });
  }
}
