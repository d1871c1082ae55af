// The usage-events panels' registration with VS Code: the serializer that brings panels back
// after a window reload (the saved commit is fetched again, once the window uses the account or
// sample data it belongs to), and closing every panel with the extension. Opening one is the "Open Usage Events" command (src/usageEvents/host/openUsageEvents.ts).
import * as vscode from 'vscode';
import type { Services } from '../../core/services';
import { parseCommitRef } from '../../model/commitRef';
import { USAGE_EVENTS_VIEW_TYPE } from '../protocol/usageEventsMessages';
import { ownerInState } from './owner';
import { UsageEventsPanel } from './panel';

export function registerUsageEventsSerializer(services: Services): vscode.Disposable[] {
  return [
    vscode.window.registerWebviewPanelSerializer(USAGE_EVENTS_VIEW_TYPE, usageEventsSerializer(services)),
    new vscode.Disposable(() => UsageEventsPanel.all().forEach((p) => p.dispose())),
  ];
}

export function usageEventsSerializer(services: Services): vscode.WebviewPanelSerializer {
  return {
    deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
      const ref = parseCommitRef(state);
      if (!ref) {
        // Nothing to refetch (state from an older version, or never set): close rather than show an empty view.
        panel.dispose();
        return Promise.resolve();
      }
      // The panel waits for the saved accounts to be read before it loads or waits for its owner.
      UsageEventsPanel.restore(services, panel, ref, ownerInState(state));
      return Promise.resolve();
    },
  };
}
