// Registers the export commands (usage events, tier price overrides, prepaid commits, contracts).
import * as vscode from 'vscode';
import type { Services } from '../../core/services';
import type { ExportResource } from '../../export/formats';
import { exportCommand } from './exportCommand';

const COMMANDS: Record<string, ExportResource> = {
  'campfire.exportContracts': 'contracts',
  'campfire.exportPrepaidCommits': 'prepaidCommits',
  'campfire.exportTierPriceOverrides': 'tierPriceOverrides',
  'campfire.exportUsageEvents': 'usageEvents',
};

export function registerExportCommands(services: Services): vscode.Disposable[] {
  return Object.entries(COMMANDS).map(([id, resource]) => vscode.commands.registerCommand(id, (arg?: unknown) => exportCommand(services, resource, arg)));
}
