// "Refresh": the whole view (title bar, palette), or part of it from the context menu or an
// argument object: a contract (`{contractId}`) is fetched again with its commits and overrides; a
// "Prepaid commits" / "Tier price overrides" folder (`{contractId, list}`) reloads that list, and a
// commit or override (`{contractId, commitId}` / `{contractId, overrideId}`) the list it is in.
// Loaded data stays on screen until the new data is in.
import * as vscode from 'vscode';
import type { ListArgs } from './listArgs';
import { showError } from '../ui/showError';
import { refFromArgs, type TreeCommandContext } from './treeTargets';

export function registerRefresh(ctx: TreeCommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('campfire.refresh', async (arg?: unknown) => {
    const ref = refFromArgs(arg);
    const track = <T>(p: Promise<T>) => ctx.view.provider.track(p);
    const model = ctx.model;
    if (!ref) return track(model.refreshAll());
    const list = (arg as ListArgs).list;
    if (ref.kind === 'prepaidCommit' || list === 'prepaidCommits') return track(model.prepaidCommits(ref.contractId).refresh());
    if (ref.kind === 'tierPriceOverride' || list === 'tierPriceOverrides') return track(model.tierPriceOverrides(ref.contractId).refresh());
    try {
      await track(model.refreshContract(ref.contractId));
    } catch (e) {
      void showError(ctx.services, e, `Could not refresh contract #${ref.contractId}`);
    }
  });
}
