// The children of a node that shows one paginated list: its items, then "Load more" while the
// server has more, and an error node where loading failed (at the top when older data is kept).
import type { PagedList } from '../../model/pagedList';
import { ErrorNode } from './errorNode';
import { LoadMoreNode } from './loadMoreNode';
import { MessageNode, type TreeContext, type TreeNode } from './treeNode';

export interface ListChildrenOptions<T extends { id: number }> {
  ctx: TreeContext;
  parent: TreeNode | undefined;
  /** Id prefix of this list's nodes, e.g. "contract/12/prepaid-commits". */
  idPrefix: string;
  list: PagedList<T>;
  what: string;
  item: (value: T) => TreeNode;
  contractId?: number;
  /** Shown when the list loaded and is empty. */
  emptyLabel: string;
}

export async function listChildren<T extends { id: number }>(o: ListChildrenOptions<T>): Promise<TreeNode[]> {
  const { ctx, list } = o;
  if (!list.isLoaded || list.activity === 'idle') {
    const loading = list.whenLoaded();
    await (list.isBusy ? ctx.track(loading) : loading);
  }
  const nodes: TreeNode[] = [];
  const errorNode = (stale: boolean) =>
    ctx.node(
      `${o.idPrefix}/error`,
      () => new ErrorNode({ id: `${o.idPrefix}/error`, parent: o.parent, error: list.error, what: o.what, staleSince: stale ? list.loadedAt : undefined, retry: () => list.retry(), contractId: o.contractId }),
      (n) => {
        n.error = list.error;
        n.staleSince = stale ? list.loadedAt : undefined;
      },
    );
  if (!list.isLoaded) {
    return list.error !== undefined ? [errorNode(false)] : [];
  }
  // A failed reload keeps the old items: say so above them.
  if (list.refreshFailed) nodes.push(errorNode(true));
  for (const value of list.items) nodes.push(o.item(value));
  if (list.items.length === 0 && list.error === undefined) nodes.push(ctx.node(`${o.idPrefix}/empty`, () => new MessageNode(`${o.idPrefix}/empty`, o.parent, o.emptyLabel, 'info')));
  if (list.error !== undefined && !list.refreshFailed) nodes.push(errorNode(false));
  else if (list.hasMore) {
    nodes.push(
      ctx.node(
        `${o.idPrefix}/more`,
        () =>
          new LoadMoreNode(
            `${o.idPrefix}/more`,
            o.parent,
            {
              what: o.what,
              shown: () => list.items.length,
              total: () => list.count,
              loading: () => list.activity === 'loadingMore' || list.activity === 'loadingAll',
              loadMore: () => ctx.track(list.loadMore()),
              loadAll: (onProgress, cancel) => ctx.track(list.loadAll(onProgress, cancel)),
              error: () => list.error,
            },
            o.contractId,
          ),
      ),
    );
  }
  return nodes;
}
