// A plain line in the tree: "No prepaid commits", "Loading…".
import * as vscode from 'vscode';
import type { TreeNode } from './treeNode';

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
