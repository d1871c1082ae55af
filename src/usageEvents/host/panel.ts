// One webview panel per prepaid commit. The panel owns a loader (the model) and forwards what it
// loads to the webview; the webview only renders. Pages are posted as they arrive (several pages
// that arrive close together go in one message), and everything is replayed when the webview is
// re-created (after being hidden, or after a window reload through the serializer).
//
// A panel belongs to the identity it was opened under (an account at its origin, or the sample
// data: owner.ts), since a commit's ids mean something only there. When the window switches away
// from it (sign-out, another account or origin, entering or leaving sample data) the panel closes,
// and the user is told once (closedNotice.ts). A panel restored after a reload loads only once the
// window uses its owner again; until then it says what it waits for, and requests nothing.
//
// A panel opens with its commit's rows from the local cache when there are some (its owner's
// cache), marked with their age; the loader checks them and replaces them in place if Campfire's
// differ. Offline, the cached rows stay, and the check runs again when the connection is back.
import * as vscode from 'vscode';
import { bulkPageSize } from '../../api/pageSizes';
import { currentCacheOwner } from '../../core/cacheOwner';
import { describeAccount } from '../../core/accounts';
import type { Services } from '../../core/services';
import { USAGE_EVENTS_VIEW_TYPE, parseWebviewToHost, type CellAction, type HostToWebview, type PanelOwner, type UsageEventRow, type WebviewToHost } from '../protocol/usageEventsMessages';
import { isCampfireError } from '../../api/errors';
import { showError } from '../../ui/showError';
import { actionLabel, describeFailure, errorActions } from '../../ui/errorWords';
import { renderHtml, webviewOptions } from './html';
import type { CommitRef } from '../../model/commitRef';
import { UsageEventsLoader, type LoadPart } from './loader';
import { PERIOD_MONTH_INDEX } from './eventsCache';
import { encodeColumns, joinParts } from '../protocol/columnsCodec';
import { encodeExactData } from '../protocol/usageEventRow';
import { formatCount } from '../../shared/countFormat';
import { ownerWords, panelClosed } from './closedNotice';
import { openUsageEventJson, releaseUsageEventDocuments } from './eventDocuments';
import { currentOwner, mayAdopt, ownerName, parseOwner, whyClosed, type ParsedOwner } from './owner';
import { errorMessage } from '../../shared/errorMessage';
import { hostOf, originOf } from '../../api/baseUrl';

const REPLAY_CHUNK = 5000;
const COALESCE_MS = 50;
/** While offline, how often the cached rows are checked again even if no other request tells the connection is back. */
const OFFLINE_RETRY_MS = 30_000;

/** What a restored panel shows while the window uses another identity, and what its button does. */
interface Waiting {
  text: string;
  action: string | null;
  run: () => Thenable<unknown>;
}

export class UsageEventsPanel implements vscode.Disposable {
  private static readonly panels = new Map<string, UsageEventsPanel>();

  static key(ref: CommitRef): string {
    return `${ref.contractId}:${ref.commitId}`;
  }

  static find(ref: CommitRef): UsageEventsPanel | undefined {
    return UsageEventsPanel.panels.get(UsageEventsPanel.key(ref));
  }

  /** Panels whose load failed (what "Campfire: Retry" retries and "Check Connection" names). */
  static failed(): UsageEventsPanel[] {
    return UsageEventsPanel.all().filter((p) => p.failure !== undefined);
  }

  /** Runs every failed panel's load again, and checks offline cached rows again; how many were retried. */
  static retryFailed(): number {
    const failed = UsageEventsPanel.failed();
    for (const p of failed) p.retryLoad();
    const offline = UsageEventsPanel.all().filter((p) => p.loader.offline);
    for (const p of offline) p.loader.refresh();
    return failed.length + offline.length;
  }

  static all(): UsageEventsPanel[] {
    return [...UsageEventsPanel.panels.values()];
  }

  /**
   * Reveals the commit's panel, or opens a new one for the identity the window uses now. A panel
   * of these ids that waits for another identity is replaced: the ids are the user's choice here.
   */
  static show(services: Services, ref: CommitRef): UsageEventsPanel {
    const existing = UsageEventsPanel.find(ref);
    if (existing && !existing.waiting) {
      existing.panel.reveal();
      return existing;
    }
    existing?.dispose();
    const panel = vscode.window.createWebviewPanel(
      USAGE_EVENTS_VIEW_TYPE,
      initialTitle(ref),
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      webviewOptions(services.context.extensionUri),
    );
    return new UsageEventsPanel(services, panel, ref, currentOwner(services.connection), true);
  }

  /**
   * Takes over a panel VS Code restored after a reload. It fetches its data again once the saved
   * accounts are read and the window uses its owner (undefined: state saved before panels had
   * owners, which is taken to be the account the window uses, if any).
   */
  static restore(services: Services, panel: vscode.WebviewPanel, ref: CommitRef, owner?: PanelOwner): UsageEventsPanel {
    UsageEventsPanel.find(ref)?.dispose();
    panel.webview.options = webviewOptions(services.context.extensionUri);
    return new UsageEventsPanel(services, panel, ref, owner, false);
  }

  readonly ref: CommitRef;
  private readonly loader: UsageEventsLoader;
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private generation = 0;
  private pending: { start: number; rows: UsageEventRow[] } | undefined;
  private flushTimer: NodeJS.Timeout | undefined;
  private lastFlush = 0;
  /** A page's progress waits for the rows message it belongs with (flush). */
  private progressDue = false;
  private disposed = false;
  /** A key problem was already announced for this load (the events, the commit and the ledger can each fail with it). */
  private keyProblemShown = false;
  /** Whose data this is; undefined only for a restored panel whose state named no owner, until the accounts are read. */
  private owner: PanelOwner | undefined;
  /** The owner account's name, kept for telling the user once the account is gone. */
  private ownerLabel: string | undefined;
  /** The saved accounts were read: before, the window's identity is not known yet. */
  private accountsRead = false;
  /** The loader was started (a restored panel starts it once the window uses its owner). */
  private started = false;
  /** Set while a restored panel waits for its owner. */
  private waiting: Waiting | undefined;
  private offlineTimer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly services: Services,
    readonly panel: vscode.WebviewPanel,
    ref: CommitRef,
    owner: PanelOwner | undefined,
    start: boolean,
  ) {
    this.ref = { contractId: ref.contractId, commitId: ref.commitId };
    this.owner = owner;
    UsageEventsPanel.panels.set(UsageEventsPanel.key(ref), this);
    const extensionUri = services.context.extensionUri;
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'campfire.svg');
    this.loader = new UsageEventsLoader(
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
        onError: (failed, error) => this.loadFailed(failed, error),
      },
      {
        header: (header, error) => {
          this.showTitle();
          this.post({ type: 'header', generation: this.generation, header, error: this.said('commit', error) });
        },
        ledger: (points, error) => this.post({ type: 'ledger', generation: this.generation, points, error: this.said('ledger', error) }),
        rows: (start, rows) => this.queueRows(start, rows),
        progress: () => {
          this.followOffline();
          this.postProgress();
        },
        replaced: () => {
          // New rows for the same view: a new generation (messages of the old one are dropped), kept in place.
          this.showTitle();
          this.generation++;
          this.replay(true);
        },
      },
    );
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m)),
      // A key updated after a 401 (here or in another window) is the fix: load again at once.
      services.accounts.onDidChange(() => {
        if (!this.disposed && this.started && !this.waiting && this.loader.phase === 'error') this.retryLoad();
      }),
      // Signing out, another account or origin, sample data entered or left.
      services.connection.onDidChange(() => this.follow()),
      // Campfire answers again: offline cached rows are checked at once.
      services.connection.onDidChangeHealth((health) => {
        if (health.problem === undefined && health.lastSuccessAt !== undefined && this.loader.offline) this.loader.refresh();
      }),
      panel.onDidChangeViewState((e) => {
        // A hidden webview is destroyed (no retainContextWhenHidden); it says "ready" again when shown.
        if (!e.webviewPanel.visible) this.ready = false;
      }),
    );
    panel.webview.html = renderHtml(panel.webview, extensionUri, panel.title, services.context.extensionMode === vscode.ExtensionMode.Test);
    this.generation++;
    if (start) this.load();
    // Until the saved accounts are read the window's identity says "signed out": the owner is
    // settled (and a restored panel loads or waits) only then.
    const read = () => {
      this.accountsRead = true;
      this.follow();
    };
    services.accounts.ready.then(read, read);
  }

  /** The cache of the panel's owner, while the window uses that owner (never another's). */
  private cacheScope() {
    const { connection, cache } = this.services;
    const owner = currentCacheOwner(connection);
    if (!owner || this.owner === undefined || this.owner !== currentOwner(connection)) return undefined;
    return cache.scope(owner);
  }

  private showTitle(): void {
    const header = this.loader.header;
    if (header) this.panel.title = vscode.l10n.t({ message: 'Usage · {0}', args: [header.commitName], comment: ['The title of a prepaid commit’s usage-events panel; {0} is the commit’s name'] });
  }

  /** While the cached rows are offline data, checks them again now and then (a request elsewhere may not come). */
  private followOffline(): void {
    if (this.loader.offline && !this.offlineTimer && !this.disposed) {
      this.offlineTimer = setTimeout(() => {
        this.offlineTimer = undefined;
        if (!this.disposed) this.loader.refresh();
      }, OFFLINE_RETRY_MS);
    } else if (!this.loader.offline && this.offlineTimer) {
      clearTimeout(this.offlineTimer);
      this.offlineTimer = undefined;
    }
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
    // the test bundle in its own envelope, with no `type`: see test/exthost/probe/webview/webviewProbe.ts.)
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
        if (this.started && !this.waiting) this.retryLoad();
        break;
      case 'reload':
        if (this.started && !this.waiting) this.load(false);
        break;
      case 'export':
        if (this.started && !this.waiting) void this.export();
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

  /**
   * Errors show in the panel with Retry. A rejected or missing key is different: Retry cannot fix
   * it, so the user is also offered what can (Update API key / Sign in), once per load.
   */
  private loadFailed(failed: LoadPart, error: unknown): void {
    this.failures.set(failed, error);
    const context = this.describeLoad(failed);
    const keyProblem = isCampfireError(error) && (error.kind === 'auth' || error.kind === 'noApiKey' || error.kind === 'permission');
    // The page tells the failure once, in words, with its buttons (Sign In, Retry, Show Log); the
    // request that failed goes to the log. A key problem stops every request of the window, not
    // only this panel's: it is also one notification per load (with Update API Key / Sign In).
    if (!keyProblem || this.keyProblemShown) {
      this.services.log.error(`${context}: ${errorMessage(error)}`);
      return;
    }
    this.keyProblemShown = true;
    void showError(this.services, error, context);
  }

  /** What failed to load, as the error's prefix says it: "Loading prepaid commit 34". */
  private describeLoad(failed: LoadPart): string {
    const { contractId, commitId } = this.ref;
    switch (failed) {
      case 'events':
        return vscode.l10n.t('Loading usage events of prepaid commit {0}', commitId);
      case 'contract':
        return vscode.l10n.t('Loading contract {0}', contractId);
      case 'commit':
        return vscode.l10n.t('Loading prepaid commit {0}', commitId);
      case 'ledger':
        return vscode.l10n.t('Loading the consumption ledger of prepaid commit {0}', commitId);
    }
  }

  /** Starts over: the cached rows if there are some (`fromCache`), else everything of this commit is fetched again. */
  private load(fromCache = true): void {
    this.failures.clear();
    this.started = true;
    this.keyProblemShown = false;
    this.generation++;
    this.clearPending();
    this.post({ type: 'reset', generation: this.generation, ...this.ref, owner: this.owner });
    if (fromCache) this.loader.open();
    else this.loader.reload();
  }

  /**
   * Compares the panel's owner with what the window uses now (once the accounts are read, and on
   * every change of the connection): the same, it loads if it has not yet; another, a panel that
   * loaded closes, and a restored one waits (or closes, when its account is gone altogether).
   */
  private follow(): void {
    if (this.disposed || !this.accountsRead) return;
    const now = currentOwner(this.services.connection);
    if (this.owner === undefined) {
      // Saved before panels had owners: it can only have been the user's account.
      if (parseOwner(now).kind !== 'account') {
        this.services.log.info(`Closed the restored usage-events panel of commit ${this.ref.commitId}: it does not say whose data it showed, and no account is in use`);
        this.dispose();
        return;
      }
      this.owner = now;
    }
    const owner = parseOwner(this.owner);
    const accounts = this.services.accounts.accounts;
    if (owner.kind === 'account') this.ownerLabel = accounts.find((a) => a.id === owner.accountId)?.label ?? this.ownerLabel;
    if (this.owner !== now && mayAdopt(this.owner, now)) {
      // Opened where no one was signed in (or before the accounts were read): it showed no one's data.
      this.owner = now;
      if (this.started && !this.waiting) this.replay(); // the webview saves its new owner
    }
    if (this.owner === now) {
      if (!this.started || this.waiting) {
        this.waiting = undefined;
        this.load();
      }
      return;
    }
    const gone = owner.kind === 'account' && !accounts.some((a) => a.id === owner.accountId);
    const words = ownerWords();
    if (this.started && !this.waiting) {
      panelClosed(this.services.log, ownerName(owner, undefined, this.ownerLabel, words), whyClosed(owner, parseOwner(now), accounts, words));
      this.dispose();
    } else if (gone) {
      // Restored for an account that was signed out meanwhile: nothing will ever load here.
      panelClosed(this.services.log, ownerName(owner, undefined, this.ownerLabel, words), words.signedOut);
      this.dispose();
    } else {
      this.wait(this.waitFor(owner));
    }
  }

  /** What a restored panel says while the window uses another identity, with the way there. */
  private waitFor(owner: ParsedOwner): Waiting {
    const { accounts, connection } = this.services;
    const commands = vscode.commands;
    const configured = originOf(connection.settings.baseUrl);
    const openSettings = () => commands.executeCommand('workbench.action.openSettings', 'campfire.baseUrl');
    switch (owner.kind) {
      case 'sample':
        return {
          text: vscode.l10n.t({ message: 'Waiting for sample data: run Explore Sample Data.', comment: ['A usage-events panel restored after a reload; "Explore Sample Data" is the command'] }),
          action: vscode.l10n.t('Explore Sample Data'),
          run: () => commands.executeCommand('campfire.exploreSampleData'),
        };
      case 'account': {
        const account = accounts.accounts.find((a) => a.id === owner.accountId);
        const label = account?.label ?? this.ownerLabel ?? hostOf(owner.origin);
        const name = owner.origin === configured || !account ? label : describeAccount(account);
        return {
          text: vscode.l10n.t({ message: 'Waiting for {0}: switch to it or sign in.', args: [name], comment: ['A usage-events panel restored after a reload waits for the account {0} it showed'] }),
          action: vscode.l10n.t({ message: 'Switch to {0}', args: [label], comment: ['A button: {0} is an account name'] }),
          run: async () => {
            // "Switch Account" also points the base URL setting at the account's origin.
            if ((await commands.getCommands(true)).includes('campfire.switchAccount')) {
              await commands.executeCommand('campfire.switchAccount', { accountId: owner.accountId });
              return;
            }
            if (owner.origin !== configured) {
              await openSettings();
              return;
            }
            await accounts.choose(owner.accountId);
            if (this.services.sample.active) await this.services.sample.stop();
          },
        };
      }
      case 'signed-out': {
        const host = hostOf(owner.origin);
        if (owner.origin !== configured) {
          return {
            text: vscode.l10n.t({ message: 'Waiting for an account at {0}: set campfire.baseUrl to {1} and sign in.', args: [host, owner.origin], comment: ['{0} is a host, {1} its origin; campfire.baseUrl is a setting'] }),
            action: vscode.l10n.t('Open Settings'),
            run: openSettings,
          };
        }
        return {
          text: vscode.l10n.t({ message: 'Waiting for an account at {0}: sign in.', args: [host], comment: ['{0} is a host'] }),
          action: vscode.l10n.t('Sign In'),
          run: () => commands.executeCommand('campfire.signIn'),
        };
      }
    }
  }

  private wait(waiting: Waiting): void {
    const changed = this.waiting?.text !== waiting.text || this.waiting.action !== waiting.action;
    this.waiting = waiting;
    if (changed) this.postWaiting();
  }

  private postWaiting(): void {
    if (this.waiting) this.post({ type: 'waiting', generation: this.generation, text: this.waiting.text, action: this.waiting.action });
  }

  private async runWaitAction(): Promise<void> {
    const waiting = this.waiting;
    if (!waiting) return;
    try {
      await waiting.run();
    } catch (e) {
      void showError(this.services, e, vscode.l10n.t({ message: 'Could not switch', comment: ['Switching to the account a usage-events panel waits for failed'] }));
    }
  }

  // ---- humane errors: one message per failure, in words, with the actions that fix it ----

  /** What failed in the current load, by part (the error objects, for their words and actions). */
  private readonly failures = new Map<LoadPart, unknown>();

  /**
   * The panel's failure, if its load ended in one: the events' (or the commit's, which fails the
   * load too), told in words ("Campfire did not answer (timeout) while loading usage events of
   * prepaid commit 10031."); the request paths are in the log.
   */
  get failure(): { error: unknown; text: string } | undefined {
    if (this.loader.phase !== 'error' || !this.started || this.waiting) return undefined;
    for (const part of ['events', 'commit'] as const) {
      const error = this.failures.get(part);
      if (error !== undefined) return { error, text: describeFailure(error, this.doing(part)) };
    }
    const text = this.loader.error ?? vscode.l10n.t('Loading failed');
    return { error: new Error(text), text };
  }

  /** A part's error as the page shows it: in words when the error is known, else as the loader said it. */
  private said(part: LoadPart, raw: string | null): string | null {
    if (raw === null) return null;
    const error = this.failures.get(part);
    return error !== undefined ? describeFailure(error, this.doing(part)) : raw;
  }

  /** What was being done, in the middle of a sentence: "loading usage events of prepaid commit 34". */
  private doing(part: LoadPart): string {
    const { contractId, commitId } = this.ref;
    switch (part) {
      case 'events':
        return vscode.l10n.t({ message: 'loading usage events of prepaid commit {0}', args: [commitId], comment: ['After "… while": what failed'] });
      case 'contract':
        return vscode.l10n.t({ message: 'loading contract {0}', args: [contractId], comment: ['After "… while": what failed'] });
      case 'commit':
        return vscode.l10n.t({ message: 'loading prepaid commit {0}', args: [commitId], comment: ['After "… while": what failed'] });
      case 'ledger':
        return vscode.l10n.t({ message: 'loading the consumption ledger of prepaid commit {0}', args: [commitId], comment: ['After "… while": what failed'] });
    }
  }

  private async runErrorAction(action: 'retry' | 'signIn' | 'updateKey' | 'showLog'): Promise<void> {
    switch (action) {
      case 'retry':
        if (this.started && !this.waiting) this.retryLoad();
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

  private retryLoad(): void {
    this.keyProblemShown = false;
    this.failures.clear();
    this.loader.retry();
  }

  private async export(): Promise<void> {
    try {
      await vscode.commands.executeCommand('campfire.exportUsageEvents', { ...this.ref });
    } catch (e) {
      void showError(this.services, e, vscode.l10n.t('Could not start the export of usage events'));
    }
  }

  /** A command of the grid's context menu, for the page to carry out on this cell (or its active one). */
  cellAction(action: CellAction, row?: number, col?: number): boolean {
    if (!this.ready || this.disposed) return false;
    this.post({ type: 'cellAction', action, row, col });
    return true;
  }

  /** Sends everything the loader holds to a freshly created webview (`keepView`: or in place of the rows it shows). */
  private replay(keepView = false): void {
    this.clearPending();
    const l = this.loader;
    this.post({ type: 'reset', generation: this.generation, ...this.ref, owner: this.owner, ...(keepView ? { keepView } : {}) });
    if (this.waiting) {
      this.postWaiting();
      return;
    }
    if (l.header || l.headerError) this.post({ type: 'header', generation: this.generation, header: l.header, error: this.said('commit', l.headerError) });
    if (l.ledgerLoaded || l.ledgerError) this.post({ type: 'ledger', generation: this.generation, points: l.ledger, error: this.said('ledger', l.ledgerError) });
    if (l.rows.length > 0 && (keepView || l.phase === 'done')) {
      // A whole listing (from the cache, refreshed, or loaded before the webview was re-created)
      // goes at once as the column store's bytes: a million rows as row arrays took minutes.
      this.post({ type: 'columns', generation: this.generation, bytes: joinParts(encodeColumns(l.rows, PERIOD_MONTH_INDEX, null)) });
      this.postProgress();
      return;
    }
    for (let start = 0; start < l.rows.length; start += REPLAY_CHUNK) {
      // Rebuilt from the loader's columns a chunk at a time: only one chunk exists as arrays at once.
      this.post({ type: 'rows', generation: this.generation, start, rows: encodeExactData(l.rows.slice(start, start + REPLAY_CHUNK)) });
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
    if (p && p.rows.length > 0) this.post({ type: 'rows', generation: this.generation, start: p.start, rows: encodeExactData(p.rows) });
    if (this.progressDue) this.sendProgress();
  }

  private clearPending(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.pending = undefined;
    this.progressDue = false;
  }

  private postProgress(): void {
    if (!this.ready) return;
    // While pages stream in, a page's progress goes with the coalesced rows message it belongs to:
    // a message per page made the webview redraw per page.
    this.progressDue = true;
    if (this.pending && this.loader.phase === 'loading' && !this.failure) return;
    // Now: the rows waiting, then the progress (once: flush sends it).
    this.flush();
  }

  private sendProgress(): void {
    this.progressDue = false;
    const l = this.loader;
    const phase = l.phase === 'idle' ? 'loading' : l.phase;
    const failure = this.failure;
    const actions = failure && errorActions(failure.error, l.retryable).map((action) => ({ action, label: actionLabel(action) }));
    const cache = l.asOf !== null ? { cache: { asOf: l.asOf, offline: l.offline, checking: l.checking } } : {};
    this.post({ type: 'progress', generation: this.generation, phase, loaded: l.rows.length, total: l.total, error: failure?.text ?? l.error, retryable: l.retryable, ...(actions ? { actions } : {}), ...cache });
  }

  private post(message: HostToWebview): void {
    if (!this.ready || this.disposed) return;
    void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.offlineTimer) clearTimeout(this.offlineTimer);
    this.loader.dispose();
    this.clearPending();
    // The events opened from here, whose data is the panel's owner's: not kept past the panel.
    releaseUsageEventDocuments(this);
    if (UsageEventsPanel.find(this.ref) === this) UsageEventsPanel.panels.delete(UsageEventsPanel.key(this.ref));
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }
}

function initialTitle(ref: CommitRef): string {
  return vscode.l10n.t({ message: 'Usage · Commit #{0}', args: [ref.commitId], comment: ['The title of a usage-events panel until the commit’s name is known; {0} is its id'] });
}
