// "Load more": the next page of the list a "Load more" node ends, of one contract's commits or
// overrides (`{contractId, list: 'prepaidCommits' | 'tierPriceOverrides'}`), or of the contracts.
import * as vscode from 'vscode';
import { LoadMoreNode } from '../views/nodes/loadMoreNode';
import type { TreeCommandContext } from './treeTargets';
import { childList, type ListArgs } from './listArgs';

export function registerLoadMore(ctx: TreeCommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('campfire.loadMore', async (arg?: LoadMoreNode | ListArgs) => {
    if (arg instanceof LoadMoreNode) return arg.target.loadMore();
    const list = childList(ctx.model, arg);
    return ctx.view.provider.track(list ? list.loadMore() : ctx.model.loadMore());
  });
}
