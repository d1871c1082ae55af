// "Copy ID": the contract's, commit's or override's Campfire id.
import * as vscode from 'vscode';
import { entityId } from '../model/entityRef';
import { resolveEntity, type TreeCommandContext } from './treeTargets';

export function registerCopyId(ctx: TreeCommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('campfire.copyId', async (arg?: unknown) => {
    const ref = await resolveEntity(ctx, arg, vscode.l10n.t('Copy the ID of a contract'));
    if (!ref) return undefined;
    const id = entityId(ref);
    await vscode.env.clipboard.writeText(String(id));
    vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('Copied ID {0}', id)}`, 3000);
    return String(id);
  });
}
