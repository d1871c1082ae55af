// The Contracts view's TreeDataProvider. Nodes live as long as their tree id (VS Code refreshes by
// instance), and refreshes are coalesced so a 100-page load does not repaint the tree 100 times.
import type { ReconciledCommit } from '../model/reconciledCommits';
import { PrepaidCommitNode } from './nodes/prepaidCommitNode';
import * as vscode from 'vscode';
import type { ContractsModel, ModelChange } from '../model/contractsModel';
import { contractNodeId } from './nodes/contractNode';
import type { TreeContext, TreeNode } from './nodes/treeNode';
import { rootChildren } from './rootChildren';

const COALESCE_MS = 30;

export class ContractsTreeProvider implements vscode.TreeDataProvider<TreeNode>, TreeContext, vscode.Disposable {
  private readonly nodes = new Map<string, TreeNode>();
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private pending = new Set<TreeNode | undefined>();
  private timer: NodeJS.Timeout | undefined;
  private readonly subscription: { dispose(): void };

  constructor(
    readonly model: ContractsModel,
    private readonly viewId: string,
    /** Whether there is anything to browse (signed in or sample data); else the welcome view shows. */
    private readonly isActive: () => boolean,
    /** What the window knows of a commit's reconciliation (its tooltip and description say it). */
    private readonly reconciledOf: (contractId: number, commitId: number) => ReconciledCommit | undefined = () => undefined,
  ) {
    this.subscription = model.onDidChange((c) => this.onModelChange(c));
  }

  node<T extends TreeNode>(id: string, create: () => T, update?: (node: T) => void): T {
    const existing = this.nodes.get(id) as T | undefined;
    if (existing) {
      update?.(existing);
      return existing;
    }
    const made = create();
    this.nodes.set(id, made);
    return made;
  }

  lookup(id: string): TreeNode | undefined {
    return this.nodes.get(id);
  }

  track<T>(work: Promise<T>): Promise<T> {
    return Promise.resolve(vscode.window.withProgress({ location: { viewId: this.viewId } }, () => work));
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    if (node instanceof PrepaidCommitNode) return node.getTreeItem(this.reconciledOf(node.contractId, node.commitId));
    return node.getTreeItem();
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) return this.isActive() ? rootChildren(this) : [];
    return node.getChildren();
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  /** Repaints the whole tree (nodes are kept, so expanded contracts stay expanded). */
  refreshView(): void {
    this.queue(undefined);
  }

  refreshNode(node: TreeNode): void {
    this.queue(node);
  }

  /** Drops every node (another account or server: ids may now mean other entities). */
  clear(): void {
    this.nodes.clear();
    this.queue(undefined);
  }

  dispose(): void {
    this.subscription.dispose();
    if (this.timer) clearTimeout(this.timer);
    for (const resolve of this.refreshed.splice(0)) resolve();
    this.changed.dispose();
  }

  private onModelChange(change: ModelChange): void {
    if (change.kind === 'contracts') {
      this.queue(undefined);
      return;
    }
    if (change.kind === 'changes') return;
    const contract = this.nodes.get(contractNodeId(change.contractId));
    if (contract) this.queue(contract);
  }

  /** Resolves once the repaint queued now has been asked of the workbench (a reveal must come after it). */
  whenRefreshed(): Promise<void> {
    if (!this.timer) return Promise.resolve();
    return new Promise((resolve) => this.refreshed.push(resolve));
  }

  private refreshed: (() => void)[] = [];

  private queue(node: TreeNode | undefined): void {
    this.pending.add(node);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      const nodes = this.pending;
      this.pending = new Set();
      if (nodes.has(undefined)) this.changed.fire(undefined);
      else for (const n of nodes) this.changed.fire(n);
      for (const resolve of this.refreshed.splice(0)) resolve();
    }, COALESCE_MS);
  }
}
