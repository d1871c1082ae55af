// The model side of the usage-events panel: fetches the commit, its contract, its consumption
// ledger and its usage events, keeps what has been loaded, and reports each step to a sink (the
// panel, which forwards it to the webview). Cancel aborts every request of the panel; Retry
// continues from the rows already loaded instead of starting over. Rows are deduplicated in one
// place, the listing (src/api/pagination.ts): a Retry hands it the ids already loaded.
import { isCancellation, type CampfireClient, type Consumption } from '../../api';
import { PAGE_SIZES } from '../../api/pageSizes';
import { consumption, contracts, prepaidCommits, usageEvents } from '../../resources';
import { IdSet } from '../../api/idSet';
import type { CommitHeader, LedgerPoint, LoadPhase, UsageEventRow } from '../../shared/usageEventsMessages';
import { UsageEventColumns } from '../../shared/cellColumns';
import { fieldIndex } from '../../shared/usageEventRow';
import { toCommitHeader, toLedger, toUsageEventRow } from './toWire';

export interface LoaderSink {
  header(header: CommitHeader | null, error: string | null): void;
  ledger(points: LedgerPoint[], error: string | null): void;
  rows(start: number, rows: UsageEventRow[]): void;
  progress(): void;
}

/** What failed to load: the events, the commit's contract, the commit, or its consumption ledger. */
export type LoadPart = 'events' | 'contract' | 'commit' | 'ledger';

export interface LoaderOptions {
  client: () => CampfireClient;
  pageSize: () => number;
  /** Told of each failure; the panel words it (the loader's and the commit's ids are the panel's too). */
  onError?: (failed: LoadPart, error: unknown) => void;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class UsageEventsLoader {
  /**
   * Every row loaded, kept for replaying to a re-created webview: column by column in typed arrays
   * and dictionaries (src/shared/cellColumns.ts), about 90 bytes a row, not as arrays of cells.
   */
  readonly rows = new UsageEventColumns(fieldIndex('period_month'));
  /** Ids of `rows`, kept by the listings: a Retry's listing skips them. Replaced on reload. */
  private listed = new IdSet();
  header: CommitHeader | null = null;
  headerError: string | null = null;
  ledger: LedgerPoint[] = [];
  ledgerError: string | null = null;
  ledgerLoaded = false;
  phase: LoadPhase | 'idle' = 'idle';
  total: number | null = null;
  error: string | null = null;
  retryable = false;
  private controller: AbortController | undefined;
  private disposed = false;

  constructor(
    readonly contractId: number,
    readonly commitId: number,
    private readonly options: LoaderOptions,
    private readonly sink: LoaderSink,
  ) {}

  /** True while requests of this panel are running. */
  get busy(): boolean {
    return this.controller !== undefined;
  }

  /** Starts over: forgets what was loaded and fetches everything again. */
  reload(): void {
    this.abort();
    this.rows.clear();
    this.listed = new IdSet();
    this.header = null;
    this.headerError = null;
    this.ledger = [];
    this.ledgerError = null;
    this.ledgerLoaded = false;
    this.total = null;
    void this.run();
  }

  /** Continues after an error or a cancel, keeping the rows already loaded. */
  retry(): void {
    if (this.busy) return;
    void this.run();
  }

  cancel(): void {
    if (!this.busy) return;
    this.abort();
    this.setPhase('cancelled', null, false);
  }

  dispose(): void {
    this.disposed = true;
    this.abort();
  }

  private abort(): void {
    this.controller?.abort();
    this.controller = undefined;
  }

  private setPhase(phase: LoadPhase, error: string | null, retryable: boolean): void {
    this.phase = phase;
    this.error = error;
    this.retryable = retryable;
    if (!this.disposed) this.sink.progress();
  }

  private async run(): Promise<void> {
    const controller = new AbortController();
    this.controller = controller;
    const { signal } = controller;
    const stillMine = () => this.controller === controller && !this.disposed;
    this.setPhase('loading', null, false);
    let client: CampfireClient;
    try {
      client = this.options.client();
    } catch (e) {
      if (stillMine()) this.controller = undefined;
      this.setPhase('error', messageOf(e), false);
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
      else this.setPhase('done', null, false);
    } catch (e) {
      if (!stillMine()) return;
      this.controller = undefined;
      if (isCancellation(e) || signal.aborted) {
        this.setPhase('cancelled', null, false);
        return;
      }
      this.options.onError?.('events', e);
      // Retry is always offered: even a 401 can succeed once the user has updated the key.
      this.setPhase('error', messageOf(e), true);
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
      this.header = toCommitHeader(commit, contract);
      this.headerError = null;
    } catch (e) {
      if (!stillMine() || isCancellation(e)) return;
      this.options.onError?.('commit', e);
      this.headerError = messageOf(e);
    }
    this.sink.header(this.header, this.headerError);
  }

  private async loadLedger(client: CampfireClient, signal: AbortSignal, stillMine: () => boolean): Promise<void> {
    const entries: Consumption[] = [];
    try {
      for await (const page of consumption.list(client, { contractId: this.contractId, commitId: this.commitId }, { pageSize: PAGE_SIZES.max, signal })) entries.push(...page.items);
      if (!stillMine()) return;
      this.ledger = toLedger(entries);
      this.ledgerError = null;
      this.ledgerLoaded = true;
    } catch (e) {
      if (!stillMine() || isCancellation(e)) return;
      this.options.onError?.('ledger', e);
      this.ledgerError = messageOf(e);
    }
    this.sink.ledger(this.ledger, this.ledgerError);
  }

  private async loadEvents(client: CampfireClient, signal: AbortSignal, stillMine: () => boolean): Promise<void> {
    const listed = this.listed;
    // Continues after the rows already loaded; if rows shifted meanwhile, the listing skips the
    // ones it finds in `listed` and adds every row it hands out to it.
    const pages = usageEvents.list(client, { contractId: this.contractId, commitId: this.commitId }, {
      pageSize: this.options.pageSize(),
      startOffset: this.rows.length,
      listed,
      signal,
    });
    for await (const page of pages) {
      // A reload started over with a new set: this listing's rows belong to nothing now.
      if (this.disposed || listed !== this.listed) return;
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
