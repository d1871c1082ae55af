// Registers one export command per exportable resource: `campfire.export<Resource>`, e.g.
// campfire.exportTierPriceOverrides (contributed in package.json).
import * as vscode from 'vscode';
import { EXPORTABLE } from '../../resources';
import type { TreeCommandContext } from '../treeTargets';
import { exportCommand } from './exportCommand';

/** `campfire.exportUsageEvents` for usageEvents. */
export function exportCommandId(name: string): string {
  return `campfire.export${name.charAt(0).toUpperCase()}${name.slice(1)}`;
}

export function registerExportCommands(ctx: TreeCommandContext): vscode.Disposable[] {
  return EXPORTABLE.map((r) => vscode.commands.registerCommand(exportCommandId(r.name), (arg?: unknown) => exportCommand(ctx, r.name, arg)));
}
