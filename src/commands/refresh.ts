// "Refresh": the whole view (title bar, palette), or part of it from the context menu or an
// argument object: a contract (`{contractId}`) is fetched again with its commits and overrides; a
// "Prepaid commits" / "Tier price overrides" folder (`{contractId, list}`) reloads that list, and a
// commit or override (`{contractId, commitId}` / `{contractId, overrideId}`) the list it is in.
// Loaded data stays on screen until the new data is in.
import * as vscode from 'vscode';
import { entityFromArgs } from '../model/entityRef';
import { CONTRACT_CHILDREN } from '../resources';
import { childResource, type ListArgs } from './listArgs';
import { showError } from '../ui/showError';
import type { TreeCommandContext } from './treeTargets';

export function registerRefresh(ctx: TreeCommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('campfire.refresh', async (arg?: unknown) => {
    const ref = entityFromArgs(arg);
    const track = <T>(p: Promise<T>) => ctx.view.provider.track(p);
    const model = ctx.model;
    if (!ref) return track(model.refreshAll());
    // A folder names its list; a commit or override is refreshed with the list it is in.
    const list = childResource(arg as ListArgs) ?? CONTRACT_CHILDREN.find((r) => r === ref.resource);
    if (list) return track(model.children(list, ref.ids.contractId).refresh());
    try {
      await track(model.refreshContract(ref.ids.contractId));
    } catch (e) {
      void showError(ctx.services, e, vscode.l10n.t('Could not refresh contract #{0}', ref.ids.contractId));
    }
  });
}
