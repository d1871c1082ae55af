// "Clear Filter": drops the text and status filter, keeping the sort and what is loaded. ("Sort
// Contracts…" → "Campfire's order" drops the sort.)
import * as vscode from 'vscode';
import type { TreeCommandContext } from './treeTargets';

export function registerClearFilter(ctx: TreeCommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('campfire.clearFilter', () => ctx.view.provider.track(ctx.model.clearFilter()));
}
