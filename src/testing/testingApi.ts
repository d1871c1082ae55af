// What the extension-host tests reach inside a running window. This module is its own bundle
// (dist/testing.js), loaded by activate() only when VS Code runs the extension in test mode, and
// left out of the .vsix: none of it exists in the product a user installs.
import * as vscode from 'vscode';
import type { Services } from '../core/services';
import type { SampleMode } from '../core/sampleMode';
import { parseCommitRef } from '../model/usageEvents/commitRef';
import { checkViewChange } from '../shared/usageEventsMessages';
import type { Views } from '../views';
import type { PanelReport, SentToWebview, UsageEventsPanel } from '../views/usageEvents/panel';

/** The window's internals as activate() hands them over (this bundle has its own copies of every class). */
export interface TestingInternals {
  views: Views;
  usageEventsPanels: typeof UsageEventsPanel;
  usageEventsSerializer: vscode.WebviewPanelSerializer;
}

export interface CampfireTestingApi {
  /** The live services of this window. */
  readonly services: Services;
  /** The Contracts view's model, tree and session, and sample-data mode. */
  readonly tree: Views & { sample: SampleMode };
  /** Everything the usage-events panels hand to their webviews. */
  readonly onDidSendToUsageEventsWebview: vscode.Event<SentToWebview>;
  /** What VS Code calls to bring usage-events panels back after a reload. */
  readonly usageEventsSerializer: vscode.WebviewPanelSerializer;
}

export function createTestingApi(context: vscode.ExtensionContext, services: Services, internals: TestingInternals): CampfireTestingApi {
  const panels = internals.usageEventsPanels;
  const find = (arg: unknown) => {
    const ref = parseCommitRef(arg);
    return ref && panels.find(ref);
  };
  const inspect = async (arg: unknown, change?: unknown): Promise<PanelReport | undefined> => {
    const panel = find(arg);
    if (!panel) return undefined;
    return change === undefined ? panel.report() : panel.applyView(checkViewChange(change, 'change'));
  };
  // Commands only the tests call: they are not contributed, so no user ever sees them.
  context.subscriptions.push(
    vscode.commands.registerCommand('campfire.usageEvents.queryState', (arg: unknown) => inspect(arg)),
    vscode.commands.registerCommand('campfire.usageEvents.applyView', (arg: unknown, change: unknown) => inspect(arg, change ?? {})),
    vscode.commands.registerCommand('campfire.usageEvents.press', async (arg: unknown, action: unknown) => {
      const panel = find(arg);
      if (!panel || (action !== 'cancel' && action !== 'retry' && action !== 'resume')) return undefined;
      return panel.press(action);
    }),
  );
  return {
    services,
    tree: { ...internals.views, sample: services.sample },
    onDidSendToUsageEventsWebview: panels.onDidSend,
    usageEventsSerializer: internals.usageEventsSerializer,
  };
}
