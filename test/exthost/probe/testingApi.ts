// What the extension-host tests reach inside a running window. This module is its own bundle
// (dist/testing.js), loaded by activate() only when VS Code runs the extension in test mode, and
// left out of the .vsix: none of it exists in the product a user installs. Its companion in the
// usage-events webview is the probe (dist/webviewProbe.js), which the panel's page loads only in
// test mode too.
import * as vscode from 'vscode';
import type { Services } from '../../../src/core/services';
import type { SampleMode } from '../../../src/core/sampleMode';
import { parseCommitRef } from '../../../src/model/commitRef';
import type { TestingInternals } from '../../../src/extension';
import type { Views } from '../../../src/views';
import { checkUserActions } from './probeProtocol';
import { UsageEventsProbes, type PanelReport, type SentToWebview } from './usageEventsProbe';

export interface CampfireTestingApi {
  /** The live services of this window. */
  readonly services: Services;
  /** The Contracts view's model, tree and session, and sample-data mode. */
  readonly tree: Views & { sample: SampleMode };
  /** The status bar item naming the account in use (what the user reads there: text, tooltip, command). */
  readonly statusBar: vscode.StatusBarItem;
  /** Everything the usage-events panels hand to their webviews. */
  readonly onDidSendToUsageEventsWebview: vscode.Event<SentToWebview>;
  /** What VS Code calls to bring usage-events panels back after a reload. */
  readonly usageEventsSerializer: vscode.WebviewPanelSerializer;
  /** The status bar's summary of the cells selected in a commit's panel, as the user reads it; undefined without a panel. */
  selectionStatus(ref: unknown): SelectionStatusSeen | undefined;
}

export interface SelectionStatusSeen {
  shown: boolean;
  text: string;
  tooltip: string;
  /** What a screen reader says of it. */
  label: string;
}

export function createTestingApi(context: vscode.ExtensionContext, services: Services, internals: TestingInternals): CampfireTestingApi {
  const panels = internals.views.usageEventsPanels;
  const probes = new UsageEventsProbes(panels);
  const find = (arg: unknown) => {
    const ref = parseCommitRef(arg);
    return ref && panels.find(ref);
  };
  // Commands only the tests call: they are not contributed, so no user ever sees them. Both answer
  // undefined when the commit has no panel.
  context.subscriptions.push(
    probes,
    // The panel and what its page shows.
    vscode.commands.registerCommand('campfire.usageEvents.queryState', (arg: unknown): Promise<PanelReport> | undefined => {
      const panel = find(arg);
      return panel && probes.report(panel);
    }),
    // The same, after acting in the page as a user would (UserActions in probeProtocol.ts).
    vscode.commands.registerCommand('campfire.usageEvents.act', (arg: unknown, actions: unknown): Promise<PanelReport> | undefined => {
      const panel = find(arg);
      return panel && probes.report(panel, checkUserActions(actions ?? {}, 'actions'));
    }),
  );
  return {
    services,
    tree: { ...internals.views, sample: services.sample },
    statusBar: internals.views.statusBar.item,
    onDidSendToUsageEventsWebview: probes.onDidSend,
    usageEventsSerializer: internals.usageEventsSerializer,
    selectionStatus(ref) {
      const status = find(ref)?.selectionStatus;
      if (!status) return undefined;
      const { item } = status;
      return { shown: status.shown, text: item.text, tooltip: typeof item.tooltip === 'string' ? item.tooltip : '', label: item.accessibilityInformation?.label ?? '' };
    },
  };
}
