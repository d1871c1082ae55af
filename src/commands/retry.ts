// "Retry": runs a failed load again (an error node's click), or every failed load (palette).
import * as vscode from 'vscode';
import { ErrorNode } from '../views/nodes/errorNode';
import type { TreeCommandContext } from './treeTargets';

export function registerRetry(ctx: TreeCommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('campfire.retry', (arg?: unknown) =>
    ctx.view.provider.track(arg instanceof ErrorNode ? arg.retry() : ctx.model.retryFailed()),
  );
}
