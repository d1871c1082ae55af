// "Retry": runs a failed load again (an error node's click), or every failed load (palette): the
// tree's lists and every usage-events panel whose load failed.
import * as vscode from 'vscode';
import { ErrorNode } from '../views/nodes/errorNode';
import { UsageEventsPanel } from '../usageEvents/host/panel';
import type { TreeCommandContext } from './treeTargets';

export function registerRetry(ctx: TreeCommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('campfire.retry', (arg?: unknown) => {
    if (arg instanceof ErrorNode) return ctx.view.provider.track(arg.retry());
    UsageEventsPanel.retryFailed();
    return ctx.view.provider.track(ctx.model.retryFailed());
  });
}
