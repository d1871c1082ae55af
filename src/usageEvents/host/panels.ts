// The window's usage-events panels, one per prepaid commit: made once in activate() and handed to
// what opens, finds or retries them (the commands, the cell menu, the serializer, the tests).
import * as vscode from 'vscode';
import type { Services } from '../../core/services';
import type { CommitRef } from '../../model/commitRef';
import type { ReconciledCommits } from '../../model/reconciledCommits';
import { Disposable } from '../../shared/disposable';
import { USAGE_EVENTS_VIEW_TYPE, type PanelOwner } from '../protocol/usageEventsMessages';
import { webviewOptions } from './html';
import { currentOwner } from './owner';
import { UsageEventsPanel } from './panel';
import { SelectionStatus } from './selectionStatus';

export class UsageEventsPanels extends Disposable {
  private readonly panels = new Map<string, UsageEventsPanel>();
  /** The status bar's summary of the cells selected in the active panel. */
  readonly selectionStatus = this.register(new SelectionStatus());

  /** `reconciled`: where a panel records the reconciliation it ran (the tree and the Changes view read it). */
  constructor(
    private readonly services: Services,
    private readonly reconciled: ReconciledCommits,
  ) {
    super();
    // Every panel closes with the extension.
    this.register({ dispose: () => this.all().forEach((p) => p.dispose()) });
  }

  find(ref: CommitRef): UsageEventsPanel | undefined {
    return this.panels.get(key(ref));
  }

  all(): UsageEventsPanel[] {
    return [...this.panels.values()];
  }

  /** The panel in front of the user, if one is (what palette commands act on). */
  active(): UsageEventsPanel | undefined {
    return this.all().find((p) => p.panel.active);
  }

  /** Panels whose load failed (what "Campfire: Retry" retries and "Check Connection" names). */
  failed(): UsageEventsPanel[] {
    return this.all().filter((p) => p.failure !== undefined);
  }

  /** Runs every failed panel's load again, and checks offline cached rows again; how many were retried. */
  retryFailed(): number {
    const failed = this.failed();
    for (const p of failed) p.retryLoad();
    const offline = this.all().filter((p) => p.offline);
    for (const p of offline) p.refreshOffline();
    return failed.length + offline.length;
  }

  /**
   * Reveals the commit's panel, or opens a new one for the identity the window uses now. A panel
   * of these ids that waits for another identity is replaced: the ids are the user's choice here.
   */
  show(ref: CommitRef): UsageEventsPanel {
    const existing = this.find(ref);
    if (existing && !existing.isWaiting) {
      existing.panel.reveal();
      return existing;
    }
    existing?.dispose();
    const panel = vscode.window.createWebviewPanel(USAGE_EVENTS_VIEW_TYPE, initialTitle(ref), { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, webviewOptions(this.services.context.extensionUri));
    return this.add(panel, ref, currentOwner(this.services.connection), true);
  }

  /**
   * Takes over a panel VS Code restored after a reload. It fetches its data again once the saved
   * accounts are read and the window uses its owner (undefined: state saved before panels had
   * owners, which is taken to be the account the window uses, if any).
   */
  restore(panel: vscode.WebviewPanel, ref: CommitRef, owner?: PanelOwner): UsageEventsPanel {
    this.find(ref)?.dispose();
    panel.webview.options = webviewOptions(this.services.context.extensionUri);
    return this.add(panel, ref, owner, false);
  }

  private add(webviewPanel: vscode.WebviewPanel, ref: CommitRef, owner: PanelOwner | undefined, start: boolean): UsageEventsPanel {
    const panel = new UsageEventsPanel(this.services, webviewPanel, ref, owner, start, (closed) => {
      if (this.find(closed.ref) === closed) this.panels.delete(key(closed.ref));
    }, this.selectionStatus, this.reconciled);
    this.panels.set(key(ref), panel);
    return panel;
  }
}

function key(ref: CommitRef): string {
  return `${ref.contractId}:${ref.commitId}`;
}

function initialTitle(ref: CommitRef): string {
  return vscode.l10n.t({ message: 'Usage · Commit #{0}', args: [ref.commitId], comment: ['The title of a usage-events panel until the commit’s name is known; {0} is its id'] });
}
