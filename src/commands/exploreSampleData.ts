// "Explore Sample Data": starts the local Campfire server in the extension host and browses it.
import * as vscode from 'vscode';
import { CONTRACTS_VIEW_ID } from '../views/contractsView';
import { showError } from '../ui/showError';
import type { TreeCommandContext } from './treeTargets';

export function registerExploreSampleData(ctx: TreeCommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('campfire.exploreSampleData', async () => {
    try {
      await ctx.services.sample.start();
    } catch (e) {
      void showError(ctx.services, e, vscode.l10n.t('Could not start the sample Campfire server'));
      return;
    }
    await vscode.commands.executeCommand(`${CONTRACTS_VIEW_ID}.focus`);
  });
}
