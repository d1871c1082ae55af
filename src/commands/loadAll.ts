// "Load all": every remaining contract (or every commit/override of a contract), with progress in
// a notification that can be cancelled; pages already loaded stay.
import * as vscode from 'vscode';
import { formatCount } from '../ui/format';
import { LoadMoreNode } from '../views/nodes/loadMoreNode';
import type { LoadProgress } from '../model/pagedList';
import { childList, childResource, type ListArgs } from './listArgs';
import { showError } from '../ui/showError';
import { contracts } from '../resources';
import type { TreeCommandContext } from './treeTargets';

export function registerLoadAll(ctx: TreeCommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('campfire.loadAll', async (arg?: LoadMoreNode | ListArgs) => {
    const list = arg instanceof LoadMoreNode ? undefined : childList(ctx.model, arg);
    const child = list ? childResource(arg) : undefined;
    const what = arg instanceof LoadMoreNode ? arg.target.what : (child ?? contracts).label.many;
    const load = (onProgress: (p: LoadProgress) => void, cancel: AbortSignal) =>
      arg instanceof LoadMoreNode ? arg.target.loadAll(onProgress, cancel) : list ? list.loadAll(onProgress, cancel) : ctx.model.loadAll(onProgress, cancel);
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t({ message: 'Loading all {0}', args: [what], comment: ['{0} is what is loaded, e.g. "contracts"'] }), cancellable: true },
      async (progress, token) => {
        let last = 0;
        const cancel = new AbortController();
        const sub = token.onCancellationRequested(() => cancel.abort());
        await ctx.view.provider.track(
          load((p) => {
            const pct = p.total > 0 ? (p.loaded / p.total) * 100 : 100;
            progress.report({ message: vscode.l10n.t({ message: '{0} of {1}', args: [formatCount(p.loaded), formatCount(p.total)], comment: ['Progress: {0} items loaded of {1} in all'] }), increment: pct - last });
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
    if (failed !== undefined) void showError(ctx.services, failed, vscode.l10n.t({ message: 'Could not load all {0}', args: [what], comment: ['{0} is what was loaded, e.g. "prepaid commits"'] }));
  });
}
