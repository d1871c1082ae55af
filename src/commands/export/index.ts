// Registers the export commands (usage events, tier price overrides, prepaid commits, contracts).
import type * as vscode from 'vscode';
import type { Services } from '../../core/services';

export function registerExportCommands(_services: Services): vscode.Disposable[] {
  return [];
}
