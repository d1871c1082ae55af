// "Leave Sample Data": stops the local server; the view returns to your account (or the welcome view).
import * as vscode from 'vscode';
import type { TreeCommandContext } from './treeTargets';

export function registerLeaveSampleData(ctx: TreeCommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('campfire.leaveSampleData', () => ctx.services.sample.stop());
}
