// "Clear Filter": back to the server's order, page by page, keeping what is loaded.
import * as vscode from 'vscode';
import type { TreeCommandContext } from './treeTargets';

export function registerClearFilter(ctx: TreeCommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('campfire.clearFilter', () => ctx.model.clearQuery());
}
