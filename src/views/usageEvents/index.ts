// Registers the usage-events webview panel: the "Open Usage Events" command (from the tree, with a
// commit; from the Command Palette, with a picker), the serializer that brings panels back after a
// window reload, and internal commands the extension-host tests use to ask a panel what its
// webview shows, change its view and press its buttons (they are not contributed, so they do not
// appear in the Command Palette).
import * as vscode from 'vscode';
import { showError } from '../../commands/showError';
import type { Services } from '../../core/services';
import { USAGE_EVENTS_VIEW_TYPE, checkViewChange } from '../../shared/usageEventsMessages';
import { pickCommit } from './pickCommit';
import { UsageEventsPanel, type CommitRef, type PanelReport } from './panel';

/** Accepts `{contractId, commitId}` (also as numeric strings, as a URI or a tree node may pass them). */
export function parseCommitRef(arg: unknown): CommitRef | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const a = arg as Record<string, unknown>;
  const toId = (v: unknown) => {
    const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
    return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
  };
  const contractId = toId(a.contractId);
  const commitId = toId(a.commitId);
  return contractId === undefined || commitId === undefined ? undefined : { contractId, commitId };
}

export function registerUsageEventsPanel(services: Services): vscode.Disposable[] {
  const open = async (arg?: unknown): Promise<void> => {
    const ref = arg === undefined ? await pickCommit(services) : parseCommitRef(arg);
    if (arg !== undefined && !ref) {
      void showError(services, 'Open Usage Events needs a contract id and a prepaid commit id.');
      return;
    }
    if (ref) UsageEventsPanel.show(services, ref);
  };

  const inspect = async (arg: unknown, change?: unknown): Promise<PanelReport | undefined> => {
    const ref = parseCommitRef(arg);
    const panel = ref && UsageEventsPanel.find(ref);
    if (!panel) return undefined;
    return change === undefined ? panel.report() : panel.applyView(checkViewChange(change, 'change'));
  };

  return [
    vscode.commands.registerCommand('campfire.openUsageEvents', open),
    vscode.commands.registerCommand('campfire.usageEvents.queryState', (arg: unknown) => inspect(arg)),
    vscode.commands.registerCommand('campfire.usageEvents.applyView', (arg: unknown, change: unknown) => inspect(arg, change ?? {})),
    vscode.commands.registerCommand('campfire.usageEvents.press', async (arg: unknown, action: unknown) => {
      const ref = parseCommitRef(arg);
      const panel = ref && UsageEventsPanel.find(ref);
      if (!panel || (action !== 'cancel' && action !== 'retry' && action !== 'resume')) return undefined;
      return panel.press(action);
    }),
    vscode.window.registerWebviewPanelSerializer(USAGE_EVENTS_VIEW_TYPE, usageEventsSerializer(services)),
    new vscode.Disposable(() => UsageEventsPanel.all().forEach((p) => p.dispose())),
  ];
}

/** Brings usage-events panels back after a window reload: the saved commit is fetched again. */
export function usageEventsSerializer(services: Services): vscode.WebviewPanelSerializer {
  return {
    deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
      const ref = parseCommitRef(state);
      if (!ref) {
        // Nothing to refetch (state from an older version, or never set): close rather than show an empty view.
        panel.dispose();
        return Promise.resolve();
      }
      UsageEventsPanel.restore(services, panel, ref);
      return Promise.resolve();
    },
  };
}
