// "Copy as JSON": the record exactly as Campfire sent it, pretty-printed.
import * as vscode from 'vscode';
import { loadEntity } from '../model/entityRef';
import { showError } from '../ui/showError';
import { resolveEntity, type TreeCommandContext } from './treeTargets';
import { stringifyExact } from '../shared/exactNumber';

export function registerCopyJson(ctx: TreeCommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('campfire.copyJson', async (arg?: unknown) => {
    const ref = await resolveEntity(ctx, arg, vscode.l10n.t('Copy a contract as JSON'));
    if (!ref) return undefined;
    try {
      const text = stringifyExact(await loadEntity(ctx.model, ref), 2);
      await vscode.env.clipboard.writeText(text);
      vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('Copied as JSON')}`, 3000);
      return text;
    } catch (e) {
      void showError(ctx.services, e, vscode.l10n.t('Could not copy the record'));
      return undefined;
    }
  });
}
