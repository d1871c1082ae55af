// The top level of the Contracts tree: the active filter, the contracts the model shows (a page, or the
// filtered and sorted matches, under a header per currency when sorted by value), "Load more", and an
// error node where loading failed.
import type { ContractsModel } from '../model/contractsModel';
import * as vscode from 'vscode';
import { contracts } from '../resources';
import { formatCount } from '../shared/countFormat';
import { ContractNode, contractNodeId } from './nodes/contractNode';
import { CurrencyGroupNode, currencyGroupNodeId } from './nodes/currencyGroupNode';
import { ErrorNode } from './nodes/errorNode';
import { FILTER_NODE_ID, FilterNode } from './nodes/filterNode';
import { LoadMoreNode } from './nodes/loadMoreNode';
import { MessageNode, type TreeContext, type TreeNode } from './nodes/treeNode';

export async function rootChildren(ctx: TreeContext): Promise<TreeNode[]> {
  const model: ContractsModel = ctx.model;
  const list = model.contracts;
  if (!list.isLoaded || list.activity === 'idle') {
    // The cached contracts at once when the model may start from them, else the first page.
    // A sync running behind cached contracts is not waited for: they show meanwhile.
    const loading = model.start().then(() => (list.isLoaded ? undefined : list.whenLoaded()));
    await (list.isBusy ? ctx.track(loading) : loading);
  }
  const what = contracts.label.many;
  const errorNode = (stale: boolean) =>
    ctx.node(
      'contracts/error',
      () => new ErrorNode({ id: 'contracts/error', parent: undefined, error: list.error, what, staleSince: stale ? list.loadedAt : undefined, retry: () => list.retry() }),
      (n) => {
        n.error = list.error;
        n.staleSince = stale ? list.loadedAt : undefined;
      },
    );
  if (!list.isLoaded) return list.error !== undefined ? [errorNode(false)] : [];

  // A filter or sort kept across a reload (another key, page size) needs every contract again.
  if (model.hasQuery && !list.isComplete && !list.isBusy && list.error === undefined) void ctx.track(model.ensureQueryLoaded());
  const view = model.root();
  const nodes: TreeNode[] = [];
  const filter = model.filter;
  if (filter) {
    const counts = view.queryIncomplete ? undefined : { matched: view.matched ?? 0, total: view.total ?? list.items.length };
    nodes.push(
      ctx.node(FILTER_NODE_ID, () => new FilterNode(filter, counts), (n) => {
        n.filter = filter;
        n.counts = counts;
      }),
    );
  }
  if (list.refreshFailed) nodes.push(errorNode(true));
  const groups = new Map((view.currencyGroups ?? []).map((g) => [g.firstId, g]));
  for (const c of view.contracts) {
    const group = groups.get(c.id);
    if (group) nodes.push(ctx.node(currencyGroupNodeId(group.currency), () => new CurrencyGroupNode(group), (n) => (n.group = group)));
    nodes.push(ctx.node(contractNodeId(c.id), () => new ContractNode(ctx, c), (n) => (n.contract = c)));
  }
  if (view.contracts.length === 0 && !view.queryIncomplete && list.error === undefined) {
    nodes.push(
      model.filter
        ? ctx.node('contracts/noMatch', () => new MessageNode('contracts/noMatch', undefined, vscode.l10n.t('No contracts match the filter'), 'filter'))
        : ctx.node('contracts/empty', () => new MessageNode('contracts/empty', undefined, vscode.l10n.t('No contracts in this Campfire account'), 'info')),
    );
  }
  if (view.queryIncomplete && list.error === undefined) {
    const p = model.loadAllProgress;
    const label = p ? vscode.l10n.t('Loading all contracts… ({0} of {1})', formatCount(p.loaded), formatCount(p.total)) : vscode.l10n.t('Loading all contracts…');
    nodes.push(new MessageNode('contracts/querying', undefined, label, 'loading~spin'));
  }
  if (list.error !== undefined && !list.refreshFailed) nodes.push(errorNode(false));
  else if (view.hasMore) {
    nodes.push(
      ctx.node(
        'contracts/more',
        () =>
          new LoadMoreNode('contracts/more', undefined, {
            what,
            shown: () => model.root().contracts.length,
            total: () => {
              const v = model.root();
              return v.matched ?? v.total;
            },
            loading: () => list.activity === 'loadingMore' || list.activity === 'loadingAll',
            loadMore: () => ctx.track(model.loadMore()),
            loadAll: (onProgress, cancel) => ctx.track(model.loadAll(onProgress, cancel)),
            error: () => list.error,
          }),
      ),
    );
  }
  return nodes;
}
