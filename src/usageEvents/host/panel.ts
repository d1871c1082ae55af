// One webview panel per prepaid commit: it owns a loader and forwards what it loads to the page,
// which only renders (docs/usage-events-panel.md). Its life is one state, changed in one place
// (load, wait, dispose); the page's readiness is apart, since VS Code destroys a hidden webview.
import * as vscode from 'vscode';
import { bulkPageSize } from '../../api/pageSizes';
import { currentCacheOwner } from '../../core/cacheOwner';
import type { Services } from '../../core/services';
import type { CommitRef } from '../../model/commitRef';
import type { ReconciledCommits } from '../../model/reconciledCommits';
import { Disposable } from '../../shared/disposable';
import { formatCount } from '../../shared/countFormat';
import { showError } from '../../ui/showError';
import { actionLabel, errorActions } from '../../ui/errorWords';
import { parseWebviewToHost, type CellAction, type HostToWebview, type PanelOwner, type WebviewToHost } from '../protocol/usageEventsMessages';
import { openUsageEventJson, releaseUsageEventDocuments } from './eventDocuments';
import { renderHtml } from './html';
import { UsageEventsLoader } from './loader';
import { LoadFailures } from './loadFailures';
import { PanelOwnership, type Waiting } from './panelOwnership';
import { RowStream } from './rowStream';
import type { SelectionStatus } from './selectionStatus';
import { rowIndexes, ViewRequests } from './viewRequests';
import { viewRecords, type ShownRows } from './viewRecords';
import { notYet, reconcilePanel, reconciledEntry, reconciliationView } from './reconciliationView';
import type { ReconciliationView } from '../protocol/usageEventsMessages';

/** While offline, how often the cached rows are checked again even if no other request tells the connection is back. */
const OFFLINE_RETRY_MS = 30_000;

/** Where a panel is in its life. */
type PanelState =
  /** Nothing loaded yet: a restored panel until the saved accounts say whether the window uses its owner. */
  | { kind: 'unsettled' }
  /** Restored for an owner the window does not use: it says so and requests nothing. */
  | { kind: 'waiting'; waiting: Waiting }
  /** Its loader was started, under the owner the window uses. */
  | { kind: 'live' }
  | { kind: 'closed' };

export class UsageEventsPanel extends Disposable {
  readonly ref: CommitRef;
  private state: PanelState = { kind: 'unsettled' };
  /** The page is there and said "ready"; a hidden one is destroyed and says it again when shown. */
  private ready = false;
  /** Messages of an older generation are dropped by the page: a new load, or rows replaced in place. */
  private generation = 0;
  private readonly ownership: PanelOwnership;
  private readonly failures: LoadFailures;
  private readonly loader: UsageEventsLoader;
  private readonly rows: RowStream;
  private offlineTimer: NodeJS.Timeout | undefined;
  private readonly viewRequests = new ViewRequests();
  /** What the Reconciliation section shows, and what it was worked out from (rows, their count, commit, ledger). */
  private reconciliation: ReconciliationView | undefined;
  private reconciledFrom: readonly unknown[] = [];

  /** `start`: load at once (a panel the user opened); else settle with the window's identity first (a restored one). */
  constructor(
    private readonly services: Services,
    readonly panel: vscode.WebviewPanel,
    ref: CommitRef,
    owner: PanelOwner | undefined,
    start: boolean,
    onClosed: (panel: UsageEventsPanel) => void,
    /** The window's status bar summary of selected cells, shared by its panels. */
    readonly selectionStatus: SelectionStatus,
    private readonly reconciled: ReconciledCommits,
  ) {
    super();
    this.ref = { contractId: ref.contractId, commitId: ref.commitId };
    this.ownership = new PanelOwnership(services, ref.commitId, owner);
    this.failures = new LoadFailures(services, this.ref);
    const extensionUri = services.context.extensionUri;
    // A tab icon per theme kind: one colour cannot be seen on both a light and a dark tab bar.
    panel.iconPath = { light: vscode.Uri.joinPath(extensionUri, 'media', 'campfire-tab-light.svg'), dark: vscode.Uri.joinPath(extensionUri, 'media', 'campfire-tab-dark.svg') };
    this.register({ dispose: () => clearTimeout(this.offlineTimer) });
    this.register({ dispose: () => this.viewRequests.dropAll(vscode.l10n.t('The usage-events panel was closed')) });
    this.register({ dispose: () => selectionStatus.forget(this) });
    selectionStatus.setActive(this, panel.active);
    this.loader = this.register(
      new UsageEventsLoader(
        ref.contractId,
        ref.commitId,
        {
          client: () => services.connection.client,
          // A commit's events are read whole: the bulk page size, several pages at once (the tree's
          // browse size of 100 made a million events 10,000 requests).
          pageSize: () => bulkPageSize(services.connection.settings.pageSize),
          concurrency: () => services.connection.settings.maxConcurrentRequests,
          cache: () => this.cacheScope(),
          log: services.log,
          onError: (failed, error) => this.failures.record(failed, error),
        },
        {
          header: (header, error) => {
            this.showTitle();
            this.post({ type: 'header', generation: this.generation, header, error: this.failures.said('commit', error) });
          },
          ledger: (points, error) => {
            this.post({ type: 'ledger', generation: this.generation, points, error: this.failures.said('ledger', error) });
            this.reconcile();
          },
          rows: (start, rows) => this.rows.queue(start, rows),
          progress: () => {
            this.followOffline();
            this.rows.progress();
            this.reconcile();
          },
          replaced: () => {
            // New rows for the same view: a new generation (messages of the old one are dropped), kept in place.
            this.showTitle();
            this.generation++;
            this.replay(true);
            this.reconcile();
          },
        },
      ),
    );
    this.rows = this.register(
      new RowStream({
        ready: () => this.ready,
        generation: () => this.generation,
        post: (message) => this.post(message),
        progress: () => this.progressMessage(),
        streaming: () => this.loader.phase === 'loading' && !this.failure,
      }),
    );
    this.register(
      // The events opened from here, whose data is the panel's owner's: not kept past the panel.
      { dispose: () => releaseUsageEventDocuments(this) },
      { dispose: () => onClosed(this) },
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m)),
      // A key updated after a 401 (here or in another window) is the fix: load again at once.
      services.accounts.onDidChange(() => {
        if (this.state.kind === 'live' && this.loader.phase === 'error') this.retryLoad();
      }),
      // Signing out, another account or origin, sample data entered or left.
      services.connection.onDidChange(() => this.follow()),
      // Campfire answers again: offline cached rows are checked at once.
      services.connection.onDidChangeHealth((health) => {
        if (health.problem === undefined && health.lastSuccessAt !== undefined && this.loader.offline) this.loader.refresh();
      }),
      panel.onDidChangeViewState((e) => {
        this.selectionStatus.setActive(this, e.webviewPanel.active);
        if (!e.webviewPanel.visible) {
          this.ready = false;
          // A hidden page is destroyed: its selection and any question asked of it are gone with it.
          this.selectionStatus.set(this, null);
          this.viewRequests.dropAll(vscode.l10n.t('The usage-events panel was hidden'));
        }
      }),
      panel,
    );
    panel.webview.html = renderHtml(panel.webview, extensionUri, panel.title, services.context.extensionMode === vscode.ExtensionMode.Test);
    this.generation++;
    if (start) this.load();
    const read = () => {
      this.ownership.accountsAreRead();
      this.follow();
    };
    services.accounts.ready.then(read, read);
  }

  // ---- the panel's life: every change of its state is here ----

  /** Starts over (→ live): the cached rows if there are some (`fromCache`), else everything of this commit is fetched again. */
  private load(fromCache = true): void {
    this.failures.clear();
    this.state = { kind: 'live' };
    this.generation++;
    this.rows.clear();
    this.reconciliation = undefined;
    this.reconciledFrom = [];
    this.post({ type: 'reset', generation: this.generation, ...this.ref, owner: this.ownership.owner });
    if (fromCache) this.loader.open();
    else this.loader.reload();
  }

  /** Says what the panel waits for (→ waiting), when that changed. */
  private wait(waiting: Waiting): void {
    const before = this.state.kind === 'waiting' ? this.state.waiting : undefined;
    this.state = { kind: 'waiting', waiting };
    if (before?.text !== waiting.text || before.action !== waiting.action) this.postWaiting(waiting);
  }

  /** Closes the panel (→ closed): its loader, its page and its event documents go with it. */
  override dispose(): void {
    this.state = { kind: 'closed' };
    super.dispose();
  }

  /** Settles with the identity the window uses (once the accounts are read, and on every change of the connection). */
  private follow(): void {
    if (this.state.kind === 'closed') return;
    const verdict = this.ownership.settle(this.state.kind === 'live');
    switch (verdict?.kind) {
      case undefined:
        return;
      case 'close':
        this.dispose();
        return;
      case 'wait':
        this.wait(verdict.waiting);
        return;
      case 'load':
        if (this.state.kind !== 'live') this.load();
        else if (verdict.adopted) this.replay(); // the page saves its new owner
        return;
    }
  }

  // ---- what the panel offers ----

  /** Restored for an owner the window does not use: opening its commit again replaces it. */
  get isWaiting(): boolean {
    return this.state.kind === 'waiting';
  }

  /** Whether requests for this commit are in flight. */
  get busy(): boolean {
    return this.loader.busy;
  }

  /** The events loaded so far, as the panel holds them for the webview. */
  get rowsHeld(): number {
    return this.loader.rows.length;
  }

  /** Whether the cached rows are offline data (Campfire could not be reached to check them). */
  get offline(): boolean {
    return this.loader.offline;
  }

  /** The panel's failure, if its load ended in one, in words; the request paths are in the log. */
  get failure(): { error: unknown; text: string } | undefined {
    if (this.loader.phase !== 'error' || this.state.kind !== 'live') return undefined;
    return this.failures.failure(this.loader.error);
  }

  /** Runs a failed load again, keeping the rows already loaded. */
  retryLoad(): void {
    this.failures.clear();
    this.loader.retry();
  }

  /** Checks offline cached rows against Campfire again. */
  refreshOffline(): void {
    this.loader.refresh();
  }

  /** A command of the grid's context menu, for the page to carry out on this cell (or its active one). */
  cellAction(action: CellAction, row?: number, col?: number): boolean {
    if (!this.ready || this.state.kind === 'closed') return false;
    this.post({ type: 'cellAction', action, row, col });
    // VS Code does not always hand the focus back to the webview after its context menu: the user
    // was in the grid, so the panel asks for it (the page then puts it on the grid's cell). An
    // event opened as JSON keeps the focus in its editor.
    if (action !== 'openJson') this.panel.reveal(this.panel.viewColumn, false);
    return true;
  }

  // ---- the page ----

  private receive(raw: unknown): void {
    // Every message of the protocol has a `type`: one without is the tests' probe's own envelope
    // (test/exthost/probe/webview/webviewProbe.ts), not addressed to the panel.
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
        // Nothing may be requested for a panel that is not its window's identity's.
        if (this.state.kind === 'live') this.retryLoad();
        break;
      case 'reload':
        if (this.state.kind === 'live') this.load(false);
        break;
      case 'export':
        if (this.state.kind === 'live') void this.export();
        break;
      case 'exportView':
        void this.exportView();
        break;
      case 'view': {
        const { id, type: _type, ...view } = message;
        this.viewRequests.answer(id, view);
        break;
      }
      case 'selectionSummary':
        this.selectionStatus.set(this, message.summary);
        break;
      case 'waitAction':
        void this.runWaitAction();
        break;
      case 'copy':
        void vscode.env.clipboard.writeText(message.text).then(() =>
          vscode.window.setStatusBarMessage(
            message.rows === 1
              ? vscode.l10n.t({ message: 'Copied {0} row as {1}', args: [formatCount(message.rows), message.format.toUpperCase()], comment: ['{1} is a format: CSV, TSV, JSON'] })
              : vscode.l10n.t({ message: 'Copied {0} rows as {1}', args: [formatCount(message.rows), message.format.toUpperCase()], comment: ['{1} is a format: CSV, TSV, JSON'] }),
            3000,
          ),
        );
        break;
      case 'problem':
        this.services.log.warn(`Usage-events view: ${message.message}`);
        break;
      case 'errorAction':
        void this.runErrorAction(message.action);
        break;
      case 'openEvent':
        void openUsageEventJson(this.services.context, this, this.ref, message.eventId, message.json).then(undefined, (e: unknown) =>
          showError(this.services, e, vscode.l10n.t('Could not open usage event {0}', String(message.eventId))),
        );
        break;
    }
  }

  /** Sends everything the loader holds to a freshly created page (`keepView`: or in place of the rows it shows). */
  private replay(keepView = false): void {
    this.rows.clear();
    const l = this.loader;
    this.post({ type: 'reset', generation: this.generation, ...this.ref, owner: this.ownership.owner, ...(keepView ? { keepView } : {}) });
    if (this.state.kind === 'waiting') {
      this.postWaiting(this.state.waiting);
      return;
    }
    if (l.header || l.headerError) this.post({ type: 'header', generation: this.generation, header: l.header, error: this.failures.said('commit', l.headerError) });
    if (l.ledgerLoaded || l.ledgerError) this.post({ type: 'ledger', generation: this.generation, points: l.ledger, error: this.failures.said('ledger', l.ledgerError) });
    this.rows.replay(l.rows, keepView || l.phase === 'done');
    if (this.reconciliation) this.post({ type: 'reconciliation', generation: this.generation, view: this.reconciliation });
  }

  /**
   * Works the Reconciliation section out again when what it checks changed: once every row, the
   * commit and the ledger are in (never on part of a listing, which would say it cannot check yet),
   * and again after a reload or a refresh. The result is recorded for the tree and the Changes view.
   */
  private reconcile(): void {
    if (this.state.kind !== 'live') return;
    const l = this.loader;
    const rows = { phase: l.phase, checking: l.checking, rows: l.rows, total: l.total, commit: l.commitRecord, ledger: l.ledgerRecords, ledgerError: l.ledgerError };
    const why = notYet(rows);
    const from = why === undefined ? [l.rows, l.rows.length, l.commitRecord, l.ledgerRecords, l.ledgerError] : [why];
    if (from.length === this.reconciledFrom.length && from.every((x, i) => x === this.reconciledFrom[i])) return;
    this.reconciledFrom = from;
    const result = why === undefined ? reconcilePanel(rows) : undefined;
    const checkedAt = Date.now();
    this.reconciliation = result ? reconciliationView(result, checkedAt) : { state: 'pending', reason: why ?? '' };
    this.post({ type: 'reconciliation', generation: this.generation, view: this.reconciliation });
    const owner = currentCacheOwner(this.services.connection);
    if (result && owner && this.ownership.inUse) this.reconciled.record(owner, reconciledEntry(result, this.reconciliation, checkedAt));
  }

  private postWaiting(waiting: Waiting): void {
    this.post({ type: 'waiting', generation: this.generation, text: waiting.text, action: waiting.action });
  }

  private progressMessage(): HostToWebview {
    const l = this.loader;
    const phase = l.phase === 'idle' ? 'loading' : l.phase;
    const failure = this.failure;
    const actions = failure && errorActions(failure.error, l.retryable).map((action) => ({ action, label: actionLabel(action) }));
    const cache = l.asOf !== null ? { cache: { asOf: l.asOf, offline: l.offline, checking: l.checking } } : {};
    return { type: 'progress', generation: this.generation, phase, loaded: l.rows.length, total: l.total, error: failure?.text ?? l.error, retryable: l.retryable, ...(actions ? { actions } : {}), ...cache };
  }

  private post(message: HostToWebview): void {
    if (!this.ready || this.state.kind === 'closed') return;
    void this.panel.webview.postMessage(message);
  }

  // ---- what the page asks for ----

  private async runWaitAction(): Promise<void> {
    if (this.state.kind !== 'waiting') return;
    try {
      await this.state.waiting.run();
    } catch (e) {
      void showError(this.services, e, vscode.l10n.t({ message: 'Could not switch', comment: ['Switching to the account a usage-events panel waits for failed'] }));
    }
  }

  private async runErrorAction(action: 'retry' | 'signIn' | 'updateKey' | 'showLog'): Promise<void> {
    switch (action) {
      case 'retry':
        if (this.state.kind === 'live') this.retryLoad();
        break;
      case 'signIn':
      case 'updateKey':
        await vscode.commands.executeCommand('campfire.signIn');
        break;
      case 'showLog':
        this.services.log.show();
        break;
    }
  }

  private async export(): Promise<void> {
    try {
      await vscode.commands.executeCommand('campfire.exportUsageEvents', { ...this.ref });
    } catch (e) {
      void showError(this.services, e, vscode.l10n.t('Could not start the export of usage events'));
    }
  }

  private async exportView(): Promise<void> {
    try {
      await vscode.commands.executeCommand('campfire.exportUsageEventsView', { ...this.ref });
    } catch (e) {
      void showError(this.services, e, vscode.l10n.t('Could not export the view of usage events'));
    }
  }

  /**
   * The rows and columns the page shows, in its order, written from the rows this panel holds
   * (Export View): nothing is requested from Campfire.
   */
  async shownRows(): Promise<ShownRows> {
    // A hidden panel's page is gone: shown again, it says "ready" once it has its rows back.
    const shown = () => this.ready;
    if (!shown()) {
      this.panel.reveal(undefined, true);
      const until = Date.now() + 15_000;
      while (!shown() && this.state.kind !== 'closed' && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 100));
      if (!shown()) throw new Error(vscode.l10n.t('The usage-events panel is not shown'));
    }
    const view = await this.viewRequests.request((m) => this.post(m));
    const replaced = () => new Error(vscode.l10n.t('The panel’s rows were reloaded meanwhile; export the view again'));
    if (view.generation !== this.generation) throw replaced();
    const store = this.loader.rows;
    const order = rowIndexes(view.rows);
    const generation = view.generation;
    const batches = viewRecords(store, order, view.columns);
    const current = () => this.generation === generation && this.loader.rows === store;
    return {
      rows: order.length,
      columns: view.columns,
      filtered: view.filtered,
      sorted: view.sorted,
      loaded: store.length,
      total: this.loader.total,
      complete: this.loader.phase === 'done',
      *batches() {
        for (const batch of batches) {
          // Rows replaced under the export (a reload, a refresh) would be others' than the view's.
          if (!current()) throw replaced();
          yield batch;
        }
      },
    };
  }

  // ---- the loader's surroundings ----

  /** The cache of the panel's owner, while the window uses that owner (never another's). */
  private cacheScope() {
    const owner = currentCacheOwner(this.services.connection);
    if (!owner || !this.ownership.inUse) return undefined;
    return this.services.cache.scope(owner);
  }

  private showTitle(): void {
    const header = this.loader.header;
    if (header) this.panel.title = vscode.l10n.t({ message: 'Usage · {0}', args: [header.commitName], comment: ['The title of a prepaid commit’s usage-events panel; {0} is the commit’s name'] });
  }

  /** While the cached rows are offline data, checks them again now and then (a request elsewhere may not come). */
  private followOffline(): void {
    if (this.loader.offline && !this.offlineTimer && this.state.kind !== 'closed') {
      this.offlineTimer = setTimeout(() => {
        this.offlineTimer = undefined;
        if (this.state.kind !== 'closed') this.loader.refresh();
      }, OFFLINE_RETRY_MS);
    } else if (!this.loader.offline && this.offlineTimer) {
      clearTimeout(this.offlineTimer);
      this.offlineTimer = undefined;
    }
  }
}
