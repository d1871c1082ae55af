// One webview panel per prepaid commit. The panel owns a loader (the model) and forwards what it
// loads to the webview; the webview only renders. Pages are posted as they arrive (several pages
// that arrive close together go in one message), and everything is replayed when the webview is
// re-created (after being hidden, or after a window reload through the serializer).
import * as vscode from 'vscode';
import type { Services } from '../../core/services';
import { USAGE_EVENTS_VIEW_TYPE, parseWebviewToHost, type HostToWebview, type UsageEventRow, type WebviewToHost } from '../../shared/usageEventsMessages';
import { isCampfireError } from '../../api/errors';
import { showError } from '../../ui/showError';
import { renderHtml, webviewOptions } from './html';
import type { CommitRef } from '../../model/usageEvents/commitRef';
import { UsageEventsLoader } from '../../model/usageEvents/loader';

const REPLAY_CHUNK = 5000;
const COALESCE_MS = 50;

export class UsageEventsPanel implements vscode.Disposable {
  private static readonly panels = new Map<string, UsageEventsPanel>();

  static key(ref: CommitRef): string {
    return `${ref.contractId}:${ref.commitId}`;
  }

  static find(ref: CommitRef): UsageEventsPanel | undefined {
    return UsageEventsPanel.panels.get(UsageEventsPanel.key(ref));
  }

  static all(): UsageEventsPanel[] {
    return [...UsageEventsPanel.panels.values()];
  }

  /** Reveals the commit's panel, or opens a new one. */
  static show(services: Services, ref: CommitRef): UsageEventsPanel {
    const existing = UsageEventsPanel.find(ref);
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      USAGE_EVENTS_VIEW_TYPE,
      initialTitle(ref),
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      webviewOptions(services.context.extensionUri),
    );
    return new UsageEventsPanel(services, panel, ref);
  }

  /** Takes over a panel VS Code restored after a reload, and fetches its data again. */
  static restore(services: Services, panel: vscode.WebviewPanel, ref: CommitRef): UsageEventsPanel {
    UsageEventsPanel.find(ref)?.panel.dispose();
    panel.webview.options = webviewOptions(services.context.extensionUri);
    return new UsageEventsPanel(services, panel, ref);
  }

  readonly ref: CommitRef;
  private readonly loader: UsageEventsLoader;
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private generation = 0;
  private pending: { start: number; rows: UsageEventRow[] } | undefined;
  private flushTimer: NodeJS.Timeout | undefined;
  private lastFlush = 0;
  private disposed = false;
  /** A key problem was already announced for this load (the events, the commit and the ledger can each fail with it). */
  private keyProblemShown = false;

  private constructor(
    private readonly services: Services,
    readonly panel: vscode.WebviewPanel,
    ref: CommitRef,
  ) {
    this.ref = { contractId: ref.contractId, commitId: ref.commitId };
    UsageEventsPanel.panels.set(UsageEventsPanel.key(ref), this);
    const extensionUri = services.context.extensionUri;
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'campfire.svg');
    this.loader = new UsageEventsLoader(
      ref.contractId,
      ref.commitId,
      {
        client: () => services.connection.client,
        pageSize: () => services.connection.settings.pageSize,
        onError: (context, error) => this.loadFailed(context, error),
      },
      {
        header: (header, error) => {
          if (header) panel.title = `Usage · ${header.commitName}`;
          this.post({ type: 'header', generation: this.generation, header, error });
        },
        ledger: (points, error) => this.post({ type: 'ledger', generation: this.generation, points, error }),
        rows: (start, rows) => this.queueRows(start, rows),
        progress: () => this.postProgress(),
      },
    );
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m)),
      // A key updated after a 401 (here or in another window) is the fix: load again at once.
      services.keys.onDidChange(() => {
        if (this.loader.phase === 'error') this.retryLoad();
      }),
      panel.onDidChangeViewState((e) => {
        // A hidden webview is destroyed (no retainContextWhenHidden); it says "ready" again when shown.
        if (!e.webviewPanel.visible) this.ready = false;
      }),
    );
    panel.webview.html = renderHtml(panel.webview, extensionUri, panel.title, services.context.extensionMode === vscode.ExtensionMode.Test);
    this.generation++;
    this.loader.reload();
  }

  /** Whether requests for this commit are in flight. */
  get busy(): boolean {
    return this.loader.busy;
  }

  /** The events loaded so far, as the panel holds them for the webview. */
  get rowsHeld(): number {
    return this.loader.rows.length;
  }

  private receive(raw: unknown): void {
    // Every message of the protocol has a `type`; one without is not addressed to the panel and is
    // dropped without a word. (In a test run the page also carries the tests' probe, which talks to
    // the test bundle in its own envelope, with no `type`: see src/testing/webviewProbe.ts.)
    if (typeof raw !== 'object' || raw === null || !('type' in raw)) return;
    let message: WebviewToHost;
    try {
      message = parseWebviewToHost(raw);
    } catch (e) {
      this.services.log.warn(`Usage-events view sent a message that was ignored: ${(e as Error).message}`);
      return;
    }
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.replay();
        break;
      case 'cancel':
        this.loader.cancel();
        break;
      case 'retry':
        this.retryLoad();
        break;
      case 'reload':
        this.keyProblemShown = false;
        this.generation++;
        this.clearPending();
        this.post({ type: 'reset', generation: this.generation, ...this.ref });
        this.loader.reload();
        break;
      case 'export':
        void this.export();
        break;
      case 'copy':
        void vscode.env.clipboard.writeText(message.text).then(() =>
          vscode.window.setStatusBarMessage(`Copied ${message.rows} ${message.rows === 1 ? 'row' : 'rows'} as ${message.format.toUpperCase()}`, 3000),
        );
        break;
      case 'problem':
        this.services.log.warn(`Usage-events view: ${message.message}`);
        break;
    }
  }

  /**
   * Errors show in the panel with Retry. A rejected or missing key is different: Retry cannot fix
   * it, so the user is also offered what can (Update API key / Sign in), once per load.
   */
  private loadFailed(context: string, error: unknown): void {
    const keyProblem = isCampfireError(error) && (error.kind === 'auth' || error.kind === 'noApiKey' || error.kind === 'permission');
    if (!keyProblem) {
      this.services.log.error(`${context}: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    if (this.keyProblemShown) return;
    this.keyProblemShown = true;
    void showError(this.services, error, context);
  }

  private retryLoad(): void {
    this.keyProblemShown = false;
    this.loader.retry();
  }

  private async export(): Promise<void> {
    try {
      await vscode.commands.executeCommand('campfire.exportUsageEvents', { ...this.ref });
    } catch (e) {
      void showError(this.services, e, 'Could not start the export of usage events');
    }
  }

  /** Sends everything the loader holds to a freshly created webview. */
  private replay(): void {
    this.clearPending();
    const l = this.loader;
    this.post({ type: 'reset', generation: this.generation, ...this.ref });
    if (l.header || l.headerError) this.post({ type: 'header', generation: this.generation, header: l.header, error: l.headerError });
    if (l.ledgerLoaded || l.ledgerError) this.post({ type: 'ledger', generation: this.generation, points: l.ledger, error: l.ledgerError });
    for (let start = 0; start < l.rows.length; start += REPLAY_CHUNK) {
      this.post({ type: 'rows', generation: this.generation, start, rows: l.rows.slice(start, start + REPLAY_CHUNK) });
    }
    this.postProgress();
  }

  private queueRows(start: number, rows: UsageEventRow[]): void {
    if (!this.ready) return; // the replay on "ready" sends them
    if (this.pending) this.pending.rows.push(...rows);
    else this.pending = { start, rows: [...rows] };
    // The first page goes out at once (first paint); pages that follow close behind share a message.
    const now = Date.now();
    if (now - this.lastFlush >= COALESCE_MS) this.flush();
    else this.flushTimer ??= setTimeout(() => this.flush(), COALESCE_MS - (now - this.lastFlush));
  }

  private flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.lastFlush = Date.now();
    const p = this.pending;
    this.pending = undefined;
    if (p && p.rows.length > 0) this.post({ type: 'rows', generation: this.generation, start: p.start, rows: p.rows });
  }

  private clearPending(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.pending = undefined;
  }

  private postProgress(): void {
    if (!this.ready) return;
    this.flush();
    const l = this.loader;
    const phase = l.phase === 'idle' ? 'loading' : l.phase;
    this.post({ type: 'progress', generation: this.generation, phase, loaded: l.rows.length, total: l.total, error: l.error, retryable: l.retryable });
  }

  private post(message: HostToWebview): void {
    if (!this.ready || this.disposed) return;
    void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.loader.dispose();
    this.clearPending();
    if (UsageEventsPanel.find(this.ref) === this) UsageEventsPanel.panels.delete(UsageEventsPanel.key(this.ref));
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }
}

function initialTitle(ref: CommitRef): string {
  return `Usage · Commit #${ref.commitId}`;
}
