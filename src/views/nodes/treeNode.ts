// The shape every node of the Contracts tree has, and what nodes share: the model, a cache that
// keeps one instance per tree id (VS Code refreshes and reveals by instance) and view progress.
import * as vscode from 'vscode';
import type { Contract } from '../../api/schemas/contract';
import type { ContractsModel } from '../../model/contractsModel';
import type { ContractChild } from '../../resources';

export interface TreeNode {
  /** Stable tree item id: the same entity keeps its id across pages, refreshes and filters. */
  readonly id: string;
  readonly parent: TreeNode | undefined;
  getTreeItem(): vscode.TreeItem;
  getChildren(): TreeNode[] | Promise<TreeNode[]>;
}

export interface TreeContext {
  readonly model: ContractsModel;
  /** The instance for `id`, created on first use and refreshed with `update` afterwards. */
  node<T extends TreeNode>(id: string, create: () => T, update?: (node: T) => void): T;
  /** Shows the view's progress bar while `work` runs. */
  track<T>(work: Promise<T>): Promise<T>;
}

/** A contract's node, as the folders under it read it. */
export interface ContractParent extends TreeNode {
  readonly contractId: number;
  readonly contract: Contract;
}

/** One of a contract's lists ("Prepaid commits (4)"), as the item nodes in it read it. */
export interface ListFolder<R extends ContractChild> extends TreeNode {
  readonly contractId: number;
  readonly resource: R;
}

/** A node that shows one item of a list; `item` is replaced when the list reloads. */
export interface ItemNode<T> extends TreeNode {
  item: T;
}

/** A plain line in the tree: "No prepaid commits", "Loading…". */
export class MessageNode implements TreeNode {
  constructor(
    readonly id: string,
    readonly parent: TreeNode | undefined,
    private readonly label: string,
    private readonly icon?: string,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    if (this.icon) item.iconPath = new vscode.ThemeIcon(this.icon);
    item.contextValue = 'campfire.message';
    return item;
  }

  getChildren(): TreeNode[] {
    return [];
  }
}
