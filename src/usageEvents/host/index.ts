// The usage-events panels' registration with VS Code: the serializer that brings panels back
// after a window reload (the saved commit is fetched again, once the window uses the account or
// sample data it belongs to). Opening one is the "Open Usage Events" command (openUsageEvents.ts).
import * as vscode from 'vscode';
import { parseCommitRef } from '../../model/commitRef';
import { USAGE_EVENTS_VIEW_TYPE } from '../protocol/usageEventsMessages';
import { ownerInState } from './owner';
import type { UsageEventsPanels } from './panels';

export { UsageEventsPanels } from './panels';

export function registerUsageEventsSerializer(panels: UsageEventsPanels): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(USAGE_EVENTS_VIEW_TYPE, usageEventsSerializer(panels));
}

export function usageEventsSerializer(panels: UsageEventsPanels): vscode.WebviewPanelSerializer {
  return {
    deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
      const ref = parseCommitRef(state);
      if (!ref) {
        // Nothing to refetch (state from an older version, or never set): close rather than show an empty view.
        panel.dispose();
        return Promise.resolve();
      }
      // The panel waits for the saved accounts to be read before it loads or waits for its owner.
      panels.restore(panel, ref, ownerInState(state));
      return Promise.resolve();
    },
  };
}
