// "Refresh": the whole view (title bar, palette) or one contract's commits and overrides (its
// context menu, or `{contractId}`). Loaded data stays on screen until the new data is in.
import * as vscode from 'vscode';
import { refFromArgs, type TreeCommandContext } from './treeTargets';

export function registerRefresh(ctx: TreeCommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('campfire.refresh', async (arg?: unknown) => {
    const ref = refFromArgs(arg);
    const track = <T>(p: Promise<T>) => ctx.view.provider.track(p);
    if (ref) await track(ctx.model.refreshChildren(ref.contractId));
    else await track(ctx.model.refreshAll());
  });
}
