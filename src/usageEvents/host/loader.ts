// The model side of the usage-events panel: fetches the commit, its contract, its ledger and its
// events, keeps what was loaded, and reports each step to the panel. With the cache it opens with
// the last complete listing and checks it against Campfire (docs/usage-events-panel.md).
import { isCancellation, type CampfireClient, type Consumption, type PrepaidCommit } from '../../api';
import { isCampfireError } from '../../api/errors';
import type { CacheScope } from '../../cache/cacheStore';
import { PAGE_SIZES } from '../../api/pageSizes';
import { consumption, contracts, prepaidCommits, usageEvents } from '../../resources';
import { IdSet } from '../../api/idSet';
import type { CommitHeader, LedgerPoint, LoadPhase, UsageEventRow } from '../protocol/usageEventsMessages';
import { UsageEventColumns } from '../protocol/cellColumns';
import { fieldIndex } from '../protocol/usageEventRow';
import { toCommitHeader, toLedger, toUsageEventRow } from './toWire';
import { encodeEvents, eventsCacheName, PERIOD_MONTH_INDEX, readCachedEvents, type CachedEvents } from './eventsCache';
import { Disposable } from '../../shared/disposable';
import { errorMessage } from '../../shared/errorMessage';

export interface LoaderSink {
  header(header: CommitHeader | null, error: string | null): void;
  ledger(points: LedgerPoint[], error: string | null): void;
  rows(start: number, rows: UsageEventRow[]): void;
  progress(): void;
  /** The rows, header and ledger were replaced at once (shown from the cache, or refreshed): show them all again. */
  replaced?(): void;
}

/** What failed to load: the events, the commit's contract, the commit, or its consumption ledger. */
export type LoadPart = 'events' | 'contract' | 'commit' | 'ledger';

export interface LoaderOptions {
  client: () => CampfireClient;
  pageSize: () => number;
  /** Pages in flight at once for the usage events (the window's scheduler still caps the total). */
  concurrency?: () => number;
  /** Where this commit's events are cached (the panel owner's scope); undefined: not cached. */
  cache?: () => CacheScope | undefined;
  /** The cache's own lines (a discarded file, a failed write). */
  log?: { info(message: string): void; warn(message: string): void };
  /** Told of each failure; the panel words it (the loader's and the commit's ids are the panel's too). */
  onError?: (failed: LoadPart, error: unknown) => void;
}

export class UsageEventsLoader extends Disposable {
  /**
   * Every row loaded, kept for replaying to a re-created webview: column by column in typed arrays
   * and dictionaries (src/usageEvents/protocol/cellColumns.ts), about 90 bytes a row, not as arrays of cells.
   * Replaced whole when cached rows are shown or refreshed.
   */
  rows = new UsageEventColumns(fieldIndex('period_month'));
  /** Ids of `rows`, kept by the listings: a Retry's listing skips them. Replaced on reload. */
  private listed = new IdSet();
  header: CommitHeader | null = null;
  headerError: string | null = null;
  ledger: LedgerPoint[] = [];
  ledgerError: string | null = null;
  ledgerLoaded = false;
  /**
   * The commit and its ledger as Campfire sent them, read by this panel (not the cache's, which
   * keeps only what the page draws): what a reconciliation checks. Null until read.
   */
  commitRecord: PrepaidCommit | null = null;
  ledgerRecords: readonly Consumption[] | null = null;
  phase: LoadPhase | 'idle' = 'idle';
  total: number | null = null;
  error: string | null = null;
  retryable = false;
  /** The rows shown are the cache's, read from Campfire at this time (ms); null once they are known current. */
  asOf: number | null = null;
  /** The cached rows could not be checked: Campfire was unreachable. */
  offline = false;
  /** The cached rows are being checked, or listed again. */
  checking = false;
  private controller: AbortController | undefined;
  private refreshController: AbortController | undefined;

  constructor(
    readonly contractId: number,
    readonly commitId: number,
    private readonly options: LoaderOptions,
    private readonly sink: LoaderSink,
  ) {
    super();
    this.register({ dispose: () => this.abort() });
  }

  /** True while requests of this panel are running. */
  get busy(): boolean {
    return this.controller !== undefined;
  }

  /**
   * The first load of a panel: the cached rows when there are some (then checked against Campfire),
   * else a load from Campfire.
   */
  open(): void {
    const scope = this.scope();
    if (!scope) {
      this.reload();
      return;
    }
    this.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.setPhase('loading', null, false);
    void readCachedEvents(scope, this.contractId, this.commitId, (m) => this.options.log?.warn(m)).then(
      (cached) => this.opened(controller, cached),
      () => this.opened(controller, undefined),
    );
  }

  private opened(controller: AbortController, cached: CachedEvents | undefined): void {
    if (this.isDisposed || this.controller !== controller) return;
    this.controller = undefined;
    if (!cached) {
      this.reload();
      return;
    }
    this.rows = cached.rows;
    this.listed = new IdSet();
    this.header = cached.header;
    this.headerError = null;
    this.ledger = cached.ledger;
    this.ledgerError = null;
    this.ledgerLoaded = true;
    this.total = cached.rows.length;
    this.asOf = cached.savedAt;
    this.offline = false;
    this.phase = 'done';
    this.error = null;
    this.retryable = false;
    this.options.log?.info(`Usage events of prepaid commit ${this.commitId}: ${cached.rows.length} rows from the cache, as of ${new Date(cached.savedAt).toISOString()}`);
    this.sink.replaced?.();
    this.refresh();
  }

  /**
   * Checks cached rows against Campfire and lists the commit again when they differ; what an
   * offline panel runs when the connection returns. Does nothing for rows that are current.
   */
  refresh(): void {
    if (this.asOf === null || this.checking || this.busy || this.isDisposed) return;
    void this.runRefresh();
  }

  /** Starts over: forgets what was loaded and fetches everything again. */
  reload(): void {
    this.abort();
    this.asOf = null;
    this.offline = false;
    this.rows = new UsageEventColumns(PERIOD_MONTH_INDEX);
    this.listed = new IdSet();
    this.header = null;
    this.headerError = null;
    this.ledger = [];
    this.ledgerError = null;
    this.ledgerLoaded = false;
    this.commitRecord = null;
    this.ledgerRecords = null;
    this.total = null;
    void this.run();
  }

  /** Continues after an error or a cancel, keeping the rows already loaded. */
  retry(): void {
    if (this.asOf !== null) {
      this.refresh();
      return;
    }
    if (this.busy) return;
    void this.run();
  }

  cancel(): void {
    if (!this.busy) return;
    this.abort();
    this.setPhase('cancelled', null, false);
  }

  private abort(): void {
    this.controller?.abort();
    this.controller = undefined;
    this.refreshController?.abort();
    this.refreshController = undefined;
    this.checking = false;
  }

  private scope(): CacheScope | undefined {
    try {
      return this.options.cache?.();
    } catch {
      return undefined;
    }
  }

  private setPhase(phase: LoadPhase, error: string | null, retryable: boolean): void {
    this.phase = phase;
    this.error = error;
    this.retryable = retryable;
    if (!this.isDisposed) this.sink.progress();
  }

  private async run(): Promise<void> {
    const controller = new AbortController();
    this.controller = controller;
    const { signal } = controller;
    const stillMine = () => this.controller === controller && !this.isDisposed;
    this.setPhase('loading', null, false);
    let client: CampfireClient;
    try {
      client = this.options.client();
    } catch (e) {
      if (stillMine()) this.controller = undefined;
      this.setPhase('error', errorMessage(e), false);
      return;
    }

    const headerDone = this.header ? Promise.resolve() : this.loadHeader(client, signal, stillMine);
    const ledgerDone = this.ledgerLoaded ? Promise.resolve() : this.loadLedger(client, signal, stillMine);
    try {
      await this.loadEvents(client, signal, stillMine);
      await Promise.all([headerDone, ledgerDone]);
      if (!stillMine()) return;
      this.controller = undefined;
      if (this.headerError) this.setPhase('error', this.headerError, true);
      else {
        this.setPhase('done', null, false);
        // Only a complete listing (and its header and ledger) is cached, never part of one.
        if (this.ledgerLoaded) this.save(this.rows, this.header, this.ledger, Date.now());
      }
    } catch (e) {
      if (!stillMine()) return;
      this.controller = undefined;
      if (isCancellation(e) || signal.aborted) {
        this.setPhase('cancelled', null, false);
        return;
      }
      this.options.onError?.('events', e);
      // Retry is always offered: even a 401 can succeed once the user has updated the key.
      this.setPhase('error', errorMessage(e), true);
    }
  }

  private async loadHeader(client: CampfireClient, signal: AbortSignal, stillMine: () => boolean): Promise<void> {
    try {
      const [commit, contract] = await Promise.all([
        prepaidCommits.get(client, { contractId: this.contractId, commitId: this.commitId }, signal),
        contracts.get(client, { contractId: this.contractId }, signal).catch((e: unknown) => {
          // The commit alone is enough for the header; the contract adds its name.
          if (isCancellation(e)) throw e;
          this.options.onError?.('contract', e);
          return undefined;
        }),
      ]);
      if (!stillMine()) return;
      this.commitRecord = commit;
      this.header = toCommitHeader(commit, contract);
      this.headerError = null;
    } catch (e) {
      if (!stillMine() || isCancellation(e)) return;
      this.options.onError?.('commit', e);
      this.headerError = errorMessage(e);
    }
    this.sink.header(this.header, this.headerError);
  }

  private async loadLedger(client: CampfireClient, signal: AbortSignal, stillMine: () => boolean): Promise<void> {
    const entries: Consumption[] = [];
    try {
      for await (const page of consumption.list(client, { contractId: this.contractId, commitId: this.commitId }, { pageSize: PAGE_SIZES.max, signal })) entries.push(...page.items);
      if (!stillMine()) return;
      this.ledgerRecords = entries;
      this.ledger = toLedger(entries);
      this.ledgerError = null;
      this.ledgerLoaded = true;
    } catch (e) {
      if (!stillMine() || isCancellation(e)) return;
      this.options.onError?.('ledger', e);
      this.ledgerError = errorMessage(e);
    }
    this.sink.ledger(this.ledger, this.ledgerError);
  }

  /**
   * Writes a complete listing to the cache after the rows are shown (encoding takes views of the
   * columns, not copies; the write is asynchronous I/O). A failure costs only the cache.
   */
  private save(rows: UsageEventColumns, header: CommitHeader | null, ledger: LedgerPoint[], readAt: number): void {
    const scope = this.scope();
    if (!scope) return;
    setTimeout(() => {
      if (this.rows !== rows) return; // replaced meanwhile: the newer rows are saved on their own
      const name = eventsCacheName(this.contractId, this.commitId);
      void scope.write(name, encodeEvents(this.contractId, this.commitId, rows, header, ledger), readAt).catch((e: unknown) => this.options.log?.warn(`Cache: could not write ${name}: ${errorMessage(e)}`));
    }, 0);
  }

  private async runRefresh(): Promise<void> {
    const controller = new AbortController();
    this.refreshController = controller;
    const { signal } = controller;
    const stillMine = () => this.refreshController === controller && !this.isDisposed;
    this.checking = true;
    this.sink.progress();
    const startedAt = Date.now();
    try {
      const client = this.options.client();
      const cachedHeader = JSON.stringify(this.header);
      const cachedLedger = JSON.stringify(this.ledger);
      // The header and ledger are small: read again whatever the check says.
      const header = this.fetchHeader(client, signal);
      const ledger = this.fetchLedger(client, signal);
      // Awaited below, after the check: until then a failure must not count as unhandled.
      void header.catch(() => undefined);
      void ledger.catch(() => undefined);
      const current = await this.matchesServer(client, signal);
      if (!stillMine()) return;
      let rows = this.rows;
      if (!current) {
        this.options.log?.info(`Usage events of prepaid commit ${this.commitId}: the cached rows differ from Campfire's, listing them again`);
        const listed = new IdSet();
        rows = new UsageEventColumns(PERIOD_MONTH_INDEX);
        for await (const page of this.listEvents(client, signal, 0, listed)) {
          if (!stillMine()) return;
          rows.append(page.items.map(toUsageEventRow));
        }
        if (!stillMine()) return;
        this.listed = listed;
      }
      const [h, l] = await Promise.all([header, ledger]);
      if (!stillMine()) return;
      this.refreshController = undefined;
      this.checking = false;
      this.offline = false;
      this.asOf = null;
      const headerChanged = JSON.stringify(h.header) !== cachedHeader;
      const ledgerChanged = JSON.stringify(l.points) !== cachedLedger;
      this.header = h.header;
      this.ledger = l.points;
      this.commitRecord = h.commit;
      this.ledgerRecords = l.entries;
      if (!current) {
        this.rows = rows;
        this.total = rows.length;
        this.sink.replaced?.();
      } else {
        if (headerChanged) this.sink.header(h.header, null);
        if (ledgerChanged) this.sink.ledger(l.points, null);
        this.sink.progress();
      }
      if (!current || headerChanged || ledgerChanged) this.save(this.rows, h.header, l.points, startedAt);
    } catch (e) {
      if (!stillMine()) return;
      this.refreshController = undefined;
      this.checking = false;
      if (isCancellation(e) || signal.aborted) {
        this.sink.progress();
        return;
      }
      this.offline = isCampfireError(e) && (e.kind === 'network' || e.kind === 'timeout');
      this.options.log?.warn(`Usage events of prepaid commit ${this.commitId}: could not check the cached rows (${this.offline ? 'offline' : 'kept'}): ${errorMessage(e)}`);
      if (!this.offline) this.options.onError?.('events', e);
      this.sink.progress();
    }
  }

  /** The commit's header as Campfire has it now (the contract only adds its name). */
  private async fetchHeader(client: CampfireClient, signal: AbortSignal): Promise<{ header: CommitHeader; commit: PrepaidCommit }> {
    const [commit, contract] = await Promise.all([
      prepaidCommits.get(client, { contractId: this.contractId, commitId: this.commitId }, signal),
      contracts.get(client, { contractId: this.contractId }, signal).catch((e: unknown) => {
        if (isCancellation(e)) throw e;
        return undefined;
      }),
    ]);
    return { header: toCommitHeader(commit, contract), commit };
  }

  private async fetchLedger(client: CampfireClient, signal: AbortSignal): Promise<{ points: LedgerPoint[]; entries: Consumption[] }> {
    const entries: Consumption[] = [];
    for await (const page of consumption.list(client, { contractId: this.contractId, commitId: this.commitId }, { pageSize: PAGE_SIZES.max, signal })) entries.push(...page.items);
    return { points: toLedger(entries), entries };
  }

  /**
   * Whether Campfire still has exactly the cached rows, checked cheaply: the count, and the ids of
   * the first and the last page in place (two requests, sent together). Rows changed in between
   * without changing either are not seen here; the Reload button lists everything.
   */
  private async matchesServer(client: CampfireClient, signal: AbortSignal): Promise<boolean> {
    const n = this.rows.length;
    const size = Math.max(1, this.options.pageSize());
    const ids = this.rows.columns[fieldIndex('id')];
    const pageMatches = async (start: number): Promise<boolean> => {
      const want = Math.min(size, n - start);
      const pages = usageEvents.list(client, { contractId: this.contractId, commitId: this.commitId }, { pageSize: size, startOffset: start, maxItems: Math.max(1, want), concurrency: 1, signal });
      let at = start;
      for await (const page of pages) {
        if (page.count !== n) return false;
        for (const item of page.items) {
          if (at >= n || ids?.get(at) !== item.id) return false;
          at++;
        }
      }
      return at === start + want;
    };
    const lastStart = Math.max(0, n - size);
    const [first, last] = await Promise.all([pageMatches(0), lastStart > 0 ? pageMatches(lastStart) : Promise.resolve(true)]);
    return first && last;
  }

  private listEvents(client: CampfireClient, signal: AbortSignal, startOffset: number, listed: IdSet) {
    return usageEvents.list(client, { contractId: this.contractId, commitId: this.commitId }, {
      pageSize: this.options.pageSize(),
      concurrency: this.options.concurrency?.(),
      startOffset,
      listed,
      signal,
    });
  }

  private async loadEvents(client: CampfireClient, signal: AbortSignal, stillMine: () => boolean): Promise<void> {
    const listed = this.listed;
    // Continues after the rows already loaded; if rows shifted meanwhile, the listing skips the
    // ones it finds in `listed` and adds every row it hands out to it.
    const pages = this.listEvents(client, signal, this.rows.length, listed);
    for await (const page of pages) {
      // A reload started over with a new set: this listing's rows belong to nothing now.
      if (this.isDisposed || listed !== this.listed) return;
      // A page handed out is kept even if a cancel came in meanwhile: its ids are in `listed`, so
      // dropping it would lose its rows for the Retry after.
      const start = this.rows.length;
      const fresh = page.items.map(toUsageEventRow);
      this.rows.append(fresh);
      this.total = Math.max(page.count, this.rows.length);
      this.sink.rows(start, fresh);
      this.sink.progress();
      if (!stillMine()) return;
    }
    if (stillMine()) this.total = this.rows.length;
  }
}
