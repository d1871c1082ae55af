// Registers the usage-events webview panel, its command and its serializer.
import type * as vscode from 'vscode';
import type { Services } from '../../core/services';

export function registerUsageEventsPanel(_services: Services): vscode.Disposable[] {
  return [];
}
