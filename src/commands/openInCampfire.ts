// "Open in Campfire": the contract's page in the Campfire app, from the URL template setting.
import * as vscode from 'vscode';
import { contractUrl } from '../ui/contractUrl';
import { showError } from '../ui/showError';
import { resolveEntity, type TreeCommandContext } from './treeTargets';

export function registerOpenInCampfire(ctx: TreeCommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('campfire.openInCampfire', async (arg?: unknown) => {
    // Said before anything is asked: no contract of the sample data has a page to open.
    if (ctx.services.sample.active) {
      void vscode.window.showInformationMessage(vscode.l10n.t('This is sample data: it has no page in the Campfire app.'));
      return undefined;
    }
    const ref = await resolveEntity(ctx, arg, vscode.l10n.t('Open a contract in Campfire'));
    if (!ref) return undefined;
    const template = vscode.workspace.getConfiguration('campfire').get<string>('openInCampfireUrl', '');
    const url = contractUrl(template, ref.ids);
    if (!url) {
      void showError(
        ctx.services,
        vscode.l10n.t({ message: 'The setting campfire.openInCampfireUrl must be an https:// URL containing {id}.', comment: ['{id} is written as is: the placeholder the setting must contain'] }),
      );
      return undefined;
    }
    await vscode.env.openExternal(vscode.Uri.parse(url, true));
    return url;
  });
}
