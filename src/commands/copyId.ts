// "Copy ID": the contract's, commit's or override's Campfire id.
import * as vscode from 'vscode';
import { resolveEntity, type TreeCommandContext } from './treeTargets';

export function registerCopyId(ctx: TreeCommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('campfire.copyId', async (arg?: unknown) => {
    const ref = await resolveEntity(ctx, arg, 'Copy the ID of a contract');
    if (!ref) return undefined;
    const id = ref.kind === 'prepaidCommit' ? ref.commitId : ref.kind === 'tierPriceOverride' ? ref.overrideId : ref.contractId;
    await vscode.env.clipboard.writeText(String(id));
    vscode.window.setStatusBarMessage(`$(check) Copied ID ${id}`, 3000);
    return String(id);
  });
}
