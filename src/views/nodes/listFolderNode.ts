// "Prepaid commits (4)": one class for every list under a contract; what differs comes from the
// resource's descriptor and the node that renders one item.
import * as vscode from 'vscode';
import type { ChildItem } from '../../model/contractsSource';
import { prepaidCommits, tierPriceOverrides, type ContractChild } from '../../resources';
import { formatCount } from '../../shared/countFormat';
import { resourceHeading } from '../../ui/words';
import { presentError } from './errorNode';
import { listChildren } from './listChildren';
import { PrepaidCommitNode } from './prepaidCommitNode';
import { TierPriceOverrideNode } from './tierPriceOverrideNode';
import type { ContractParent, ItemNode, ListFolder, TreeContext, TreeNode } from './treeNode';

type ItemNodeFactory<R extends ContractChild> = (folder: ListFolderNode<R>, item: ChildItem<R>) => ItemNode<ChildItem<R>>;

/** How each list under a contract renders an item. */
const ITEM_NODES = new Map<ContractChild, ItemNodeFactory<ContractChild>>([
  [prepaidCommits, (folder, commit) => new PrepaidCommitNode(folder as ListFolder<typeof prepaidCommits>, commit as ChildItem<typeof prepaidCommits>)],
  [tierPriceOverrides, (folder, o) => new TierPriceOverrideNode(folder as ListFolder<typeof tierPriceOverrides>, o as ChildItem<typeof tierPriceOverrides>, folder.parent.contract.currency)],
]);

export function listFolderId(contractId: number, resource: ContractChild): string {
  return `contract/${contractId}/${resource.segment}`;
}

export class ListFolderNode<R extends ContractChild> implements ListFolder<R> {
  readonly id: string;
  readonly contractId: number;
  /** Which of the contract's lists this is, for commands (Refresh, Load all) given the node. */
  readonly list: R['name'];

  constructor(
    private readonly ctx: TreeContext,
    readonly parent: ContractParent,
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
    const heading = resourceHeading(r);
    const label = count !== undefined ? vscode.l10n.t({ message: '{0} ({1})', args: [heading, formatCount(count)], comment: ['A folder of the tree and how many items it holds: "Prepaid commits (4)"'] }) : heading;
    const item = new vscode.TreeItem(
      label,
      count === 0 ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Collapsed,
    );
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(r.icon);
    item.contextValue = r.contextValue.list;
    if (list.error !== undefined && !list.isLoaded) {
      // A word beside the folder, the whole sentence in its tooltip: a cut sentence says nothing.
      const p = presentError(list.error, r.label.many);
      item.description = p.short;
      item.tooltip = p.label;
      item.collapsibleState = vscode.TreeItemCollapsibleState.Collapsed;
    } else if (count === 0) item.description = vscode.l10n.t({ message: 'none', comment: ['A folder of the tree that holds no items'] });
    item.tooltip ??= vscode.l10n.t({ message: '{0} of this contract: {1}.', args: [heading, r.summary], comment: ['{0} is the folder, e.g. "Prepaid commits"; {1} says what they are'] });
    // A screen reader reads the folder as shown ("Prepaid commits (4)"), and what is wrong with it, not its tooltip.
    const state = typeof item.tooltip === 'string' && list.error !== undefined && !list.isLoaded ? item.tooltip : item.description;
    item.accessibilityInformation = { label: typeof state === 'string' && state ? `${label}, ${state}` : label, role: 'treeitem' };
    return item;
  }

  getChildren(): Promise<TreeNode[]> {
    const r = this.resource;
    const list = this.ctx.model.children(r, this.contractId);
    const create = ITEM_NODES.get(r) as ItemNodeFactory<R> | undefined;
    if (!create) throw new Error(`No tree node renders ${r.label.many}`);
    const what = r.label.many;
    return listChildren({
      ctx: this.ctx,
      parent: this,
      idPrefix: this.id,
      list,
      what,
      contractId: this.contractId,
      emptyLabel: vscode.l10n.t({ message: 'No {0}', args: [what], comment: ['An empty folder of the tree; {0} is what it would hold, e.g. "prepaid commits"'] }),
      item: (value) =>
        this.ctx.node(
          `${this.id}/${value.id}`,
          () => create(this, value),
          (n) => (n.item = value),
        ),
    });
  }
}
