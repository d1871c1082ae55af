// "Load all": every remaining contract (or every commit/override of a contract), with progress in
// a notification that can be cancelled; pages already loaded stay.
import * as vscode from 'vscode';
import { formatCount } from '../ui/format';
import { LoadMoreNode } from '../views/nodes/loadMoreNode';
import type { LoadProgress } from '../model/pagedList';
import { childList, childResource, type ListArgs } from './listArgs';
import { showError } from '../ui/showError';
import type { TreeCommandContext } from './treeTargets';

export function registerLoadAll(ctx: TreeCommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('campfire.loadAll', async (arg?: LoadMoreNode | ListArgs) => {
    const list = arg instanceof LoadMoreNode ? undefined : childList(ctx.model, arg);
    const what = arg instanceof LoadMoreNode ? arg.target.what : list ? (childResource(arg)?.label.many ?? '') : 'contracts';
    const load = (onProgress: (p: LoadProgress) => void, cancel: AbortSignal) =>
      arg instanceof LoadMoreNode ? arg.target.loadAll(onProgress, cancel) : list ? list.loadAll(onProgress, cancel) : ctx.model.loadAll(onProgress, cancel);
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Loading all ${what}`, cancellable: true },
      async (progress, token) => {
        let last = 0;
        const cancel = new AbortController();
        const sub = token.onCancellationRequested(() => cancel.abort());
        await ctx.view.provider.track(
          load((p) => {
            const pct = p.total > 0 ? (p.loaded / p.total) * 100 : 100;
            progress.report({ message: `${formatCount(p.loaded)} of ${formatCount(p.total)}`, increment: pct - last });
            last = pct;
          }, cancel.signal),
        ).finally(() => {
          sub.dispose();
        });
      },
    );
    // The list that was loaded: a "Load more" node's own list (contracts, or a contract's commits
    // or overrides), the list named by the arguments, or the contracts.
    const failed = arg instanceof LoadMoreNode ? arg.target.error() : list ? list.error : ctx.model.contracts.error;
    if (failed !== undefined) void showError(ctx.services, failed, `Could not load all ${what}`);
  });
}
