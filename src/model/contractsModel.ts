// The Contracts tree's data: the contract list, each contract's commits and overrides, and the
// filter and sort. It knows nothing of VS Code, so unit tests and the bench drive it directly.
import { isCampfireError, isCancellation } from '../api/errors';
import type { Contract } from '../api/schemas/contract';
import type { PrepaidCommit } from '../api/schemas/prepaidCommit';
import { CONTRACT_CHILDREN, prepaidCommits, type ContractChild } from '../resources';
import { commitAlerts, diffContracts, watchAlerts, watched, withCommitAlerts, type ChangeSet, type CommitAlert, type WatchedCommit } from './contractChanges';
import { applyQuery, currencyGroups, normalizeFilter, valueGroups, type ContractFilter, type ContractSort, type CurrencyGroup, type ValueGroups } from './contractQuery';
import type { ChildItem, ContractsSource } from './contractsSource';
import { childEntryName, CONTRACTS_ENTRY, decodeChildren, decodeWatch, encodeChildren, encodeSnapshot, encodeWatch, readSnapshot, syncContracts, WATCH_ENTRY, type ContractsSnapshot, type DecodedSnapshot, type DeltaSource } from './contractsSync';
import { PagedList, type ListSettings, type LoadProgress } from './pagedList';
import { errorMessage } from '../shared/errorMessage';

export type ModelChange = { kind: 'contracts' } | { kind: 'children'; contractId: number } | { kind: 'changes' };

/** Where the model keeps what it read, per account; handed in so tests can keep it in memory. */
export interface SnapshotStore {
  read(name: string): Promise<{ readonly bytes: Uint8Array; readonly savedAt: number } | undefined>;
  write(name: string, bytes: Uint8Array, savedAt?: number): Promise<void>;
}

export interface ContractsModelOptions {
  /** The requests of a delta sync; without it a complete list is read again in full. */
  delta?: DeltaSource;
  /** Where a cache problem (a file that is no snapshot, a failed write) is told. */
  log?: (message: string) => void;
}

/** A failure that means Campfire could not be reached (not a refusal or bad data): cached data stands in. */
export function isOffline(error: unknown): boolean {
  return isCampfireError(error) && (error.kind === 'network' || error.kind === 'timeout');
}

export interface RootView {
  contracts: readonly Contract[];
  /** The server's contract count (undefined before the first page). */
  total: number | undefined;
  /** Contracts matching the filter among those loaded; undefined without a filter. */
  matched: number | undefined;
  /** More can be shown: another page from the server, or more matches already loaded. */
  hasMore: boolean;
  /** The filter or sort still waits for the remaining contracts to load. */
  queryIncomplete: boolean;
  /** Sorted by value: the currencies the values are compared in (more than one: sorted within each). */
  valueGroups?: ValueGroups;
  /** Sorted by value across more than one currency: the groups in order, each with its subtotal. */
  currencyGroups?: CurrencyGroup[];
}

export class ContractsModel {
  readonly contracts: PagedList<Contract>;
  private readonly childLists = new Map<string, Map<number, PagedList<{ id: number }>>>();
  private readonly listeners = new Set<(change: ModelChange) => void>();
  private currentFilter: ContractFilter | undefined;
  private currentSort: ContractSort | undefined;
  /** Matches shown while a filter or sort is active ("Load more" raises it by a page). */
  private shown = 0;
  private queryCache: { items: readonly Contract[]; length: number; result: Contract[]; groups?: ValueGroups; currencyGroups?: CurrencyGroup[] } | undefined;
  /** Progress of loading every contract for a filter or sort, for the view's message. */
  loadAllProgress: LoadProgress | undefined;
  /** Single contracts being fetched again: reset() cancels them and drops what they bring. */
  private generation = 0;
  private abort = new AbortController();
  private store: SnapshotStore | undefined;
  /** The next start shows the cached contracts first (activation, another account). */
  private startFromCache = false;
  private starting: Promise<void> | undefined;
  /** The last complete list known (cached or synced): what the next sync's changes are counted against. */
  private previous: ContractsSnapshot | undefined;
  /** What the last sync changed; undefined before the first sync with a complete list before it. */
  lastChanges: ChangeSet | undefined;
  /** Commits worth a look, per contract whose commits were read (used past 80/90/100 %, expiring soon). */
  commitAlerts: CommitAlert[] = [];
  /** The cached commit lists' alert fields, per contract (read from the cache once). */
  private watch: Promise<Map<number, WatchedCommit[]>> | undefined;
  /** Contracts whose commits were read from Campfire since the reset: their alerts came with that read. */
  private readonly readNow = new Set<number>();
  /** Writes to the cache in flight, so tests and the bench can wait for them. */
  private writing: Promise<unknown> = Promise.resolve();
  private readonly delta: DeltaSource | undefined;
  private readonly log: (message: string) => void;

  constructor(
    private readonly source: ContractsSource,
    private readonly settings: ListSettings,
    options: ContractsModelOptions = {},
  ) {
    this.delta = options.delta;
    this.log = options.log ?? (() => undefined);
    this.contracts = new PagedList(
      source.contracts,
      settings,
      () => {
        this.queryCache = undefined;
        this.emit({ kind: 'contracts' });
      },
      () => this.contractsLoaded(),
    );
  }


  /** The account's cache, and whether the next start shows what it holds before reading Campfire. */
  useStore(store: SnapshotStore | undefined, startFromCache: boolean): void {
    this.store = store;
    this.startFromCache = startFromCache && store !== undefined;
  }

  get startsFromCache(): boolean {
    return this.startFromCache;
  }

  flushed(): Promise<void> {
    return this.writing.then(() => undefined);
  }

  /** What the tree awaits before the root: cached contracts (a sync behind them), else the first page. */
  start(): Promise<void> {
    this.starting ??= this.startOnce();
    return this.starting;
  }

  private async startOnce(): Promise<void> {
    const generation = this.generation;
    const list = this.contracts;
    // Read again after each await: a load may have started meanwhile (a getter, not a snapshot).
    const untouched = () => generation === this.generation && !list.isLoaded && !list.isBusy;
    if (this.startFromCache && untouched()) {
      this.startFromCache = false;
      const cached = await this.readCached();
      if (generation !== this.generation) return;
      if (cached && untouched()) {
        this.seedContracts(cached.snapshot, cached.savedAt);
        void this.checkThenSync(cached, generation);
        return;
      }
    }
    await list.whenLoaded();
    if (!untouched() || !isOffline(list.error)) return;
    const cached = await this.readCached();
    if (cached && (await this.check(cached)) && untouched()) this.seedContracts(cached.snapshot, cached.savedAt);
  }

  /** Cached rows show after a quick check; the full schema check runs a slice at a time before the sync uses them. */
  private async checkThenSync(cached: DecodedSnapshot, generation: number): Promise<void> {
    const ok = await this.check(cached, generation);
    if (generation !== this.generation) return;
    if (ok) {
      await this.syncContracts();
      return;
    }
    this.previous = undefined;
    this.contracts.reset();
    await this.contracts.whenLoaded();
  }

  /** Whether every cached record fits the schema; false too when the model was reset meanwhile (the check stops). */
  private async check(cached: DecodedSnapshot, generation = this.generation): Promise<boolean> {
    const stale = new Error('reset');
    const pause = () =>
      new Promise<void>((resolve, reject) =>
        setImmediate(() => {
          if (generation === this.generation) resolve();
          else reject(stale);
        }),
      );
    const wrong = await cached.validate(pause).catch((e: unknown) => (e === stale ? 'reset' : String(e)));
    if (wrong === 'reset') return false;
    if (wrong !== undefined) this.log(`The cached contracts were not used: ${wrong}`);
    return wrong === undefined;
  }

  private seedContracts(s: ContractsSnapshot, savedAt: number): void {
    if (s.complete) this.previous = s;
    this.contracts.seed(s.contracts, s.count, s.complete, savedAt, s.listedAt);
  }

  private async readCached(): Promise<(DecodedSnapshot & { savedAt: number }) | undefined> {
    const entry = await this.store?.read(CONTRACTS_ENTRY).catch((e: unknown) => this.log(`Could not read the cached contracts: ${String(e)}`));
    if (!entry) return undefined;
    const decoded = readSnapshot(entry.bytes, (reason) => this.log(`The cached contracts were not used: ${reason}`));
    return decoded && { ...decoded, savedAt: entry.savedAt };
  }

  private async readChecked(): Promise<ContractsSnapshot | undefined> {
    const cached = await this.readCached();
    return cached && (await this.check(cached)) ? cached.snapshot : undefined;
  }

  /** A delta sync when every contract is held, else the pages shown are read again. */
  syncContracts(): Promise<void> {
    const list = this.contracts;
    const delta = this.delta;
    if (!delta || !list.isComplete || list.listedAt === undefined) return list.refresh();
    const base: ContractsSnapshot = { contracts: [...list.items], complete: true, count: list.count ?? list.items.length, listedAt: list.listedAt };
    return list.sync(async (signal) => {
      const r = await syncContracts(base, delta, { signal });
      this.log(r.mode === 'delta' ? `Contracts synced by delta: ${r.count} contracts` : `Contracts listed in full (${r.reason ?? ''}): ${r.count} contracts`);
      return { items: r.contracts, count: r.count, listedAt: r.listedAt };
    });
  }

  private contractsLoaded(): void {
    const list = this.contracts;
    const store = this.store;
    const generation = this.generation;
    const snapshot: ContractsSnapshot = { contracts: [...list.items], complete: list.isComplete, count: list.count ?? list.items.length, listedAt: list.listedAt ?? Date.now() };
    const work = (async () => {
      if (snapshot.complete) {
        const previous = this.previous ?? (await this.readChecked());
        if (generation !== this.generation) return;
        if (previous?.complete) {
          this.lastChanges = { at: Date.now(), since: previous.listedAt, contracts: diffContracts(previous.contracts, snapshot.contracts), commits: [] };
        }
        this.previous = snapshot;
        const watch = await this.loadWatch(store);
        if (generation !== this.generation) return;
        const ids = new Set(snapshot.contracts.map((c) => c.id));
        const today = new Date().toISOString().slice(0, 10);
        this.commitAlerts = [...this.commitAlerts.filter((a) => this.readNow.has(a.contractId)), ...watchAlerts(watch, ids, this.readNow, today)];
        this.emit({ kind: 'changes' });
      }
      if (store && generation === this.generation) await store.write(CONTRACTS_ENTRY, encodeSnapshot(snapshot), list.loadedAt);
    })().catch((e: unknown) => this.log(`Could not cache the contracts: ${errorMessage(e)}`));
    this.writing = Promise.all([this.writing, work]);
  }

  private childLoaded(resource: ContractChild, contractId: number, list: PagedList<{ id: number }>): void {
    const store = this.store;
    const generation = this.generation;
    const items = [...list.items];
    const snapshot = { items, complete: list.isComplete, count: list.count ?? items.length };
    const name = childEntryName(resource.name, contractId);
    const work = (async () => {
      if (!store) return;
      if (resource === prepaidCommits) {
        const before = await store.read(name);
        const previous = before && decodeChildren(before.bytes, prepaidCommits.itemSchema);
        if (generation !== this.generation) return;
        const alerts = commitAlerts(contractId, previous?.items, items as PrepaidCommit[], new Date().toISOString().slice(0, 10));
        this.readNow.add(contractId);
        this.commitAlerts = withCommitAlerts(this.commitAlerts, contractId, alerts);
        this.emit({ kind: 'changes' });
        const watch = await this.loadWatch(store);
        if (generation !== this.generation) return;
        watch.set(contractId, (items as PrepaidCommit[]).map(watched));
        await store.write(WATCH_ENTRY, encodeWatch(watch));
      }
      if (generation === this.generation) await store.write(name, encodeChildren(snapshot), list.loadedAt);
    })().catch((e: unknown) => this.log(`Could not cache the ${resource.label.many} of contract ${contractId}: ${errorMessage(e)}`));
    this.writing = Promise.all([this.writing, work]);
  }

  private loadWatch(store: SnapshotStore | undefined): Promise<Map<number, WatchedCommit[]>> {
    this.watch ??= (async () => {
      const entry = await store?.read(WATCH_ENTRY).catch(() => undefined);
      return (entry && decodeWatch(entry.bytes, (reason) => this.log(`The cached commits watch was not used: ${reason}`))) ?? new Map<number, WatchedCommit[]>();
    })();
    return this.watch;
  }

  private async seedChild(resource: ContractChild, contractId: number, list: PagedList<{ id: number }>): Promise<void> {
    const entry = await this.store?.read(childEntryName(resource.name, contractId)).catch(() => undefined);
    if (!entry) return;
    const cached = decodeChildren(entry.bytes, resource.itemSchema as never, (reason) => this.log(`The cached ${resource.label.many} of contract ${contractId} were not used: ${reason}`)) as { items: { id: number }[]; complete: boolean; count: number } | undefined;
    if (cached) list.seed(cached.items, cached.count, cached.complete, entry.savedAt, undefined);
  }

  /** Some list could not reach Campfire (what a retry when the connection returns is for). */
  get hasOfflineFailure(): boolean {
    return [this.contracts, ...this.allChildLists()].some((l) => isOffline(l.error));
  }

  onDidChange(listener: (change: ModelChange) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  get filter(): ContractFilter | undefined {
    return this.currentFilter;
  }
  get sort(): ContractSort | undefined {
    return this.currentSort;
  }
  get hasQuery(): boolean {
    return this.currentFilter !== undefined || this.currentSort !== undefined;
  }
  /** A text or status filter is active (a sort alone is not a filter: Clear Filter keeps it). */
  get hasFilter(): boolean {
    return this.currentFilter !== undefined;
  }

  children<R extends ContractChild>(resource: R, contractId: number): PagedList<ChildItem<R>> {
    let lists = this.childLists.get(resource.name);
    if (!lists) this.childLists.set(resource.name, (lists = new Map<number, PagedList<{ id: number }>>()));
    let list = lists.get(contractId);
    if (!list) {
      const made: PagedList<{ id: number }> = new PagedList(
        this.source.children(resource, contractId),
        this.settings,
        () => this.emit({ kind: 'children', contractId }),
        () => this.childLoaded(resource, contractId, made),
      );
      list = made;
      lists.set(contractId, list);
    }
    return list as PagedList<ChildItem<R>>;
  }

  /** A contract's child lists, first pages requested together; the cached ones when Campfire cannot be reached. */
  loadChildren(contractId: number): Promise<void> {
    const generation = this.generation;
    return Promise.all(
      CONTRACT_CHILDREN.map(async (r) => {
        const list = this.children(r, contractId);
        await list.whenLoaded();
        if (generation === this.generation && !list.isLoaded && isOffline(list.error)) await this.seedChild(r, contractId, list);
      }),
    ).then(() => undefined);
  }

  refreshChildren(contractId: number): Promise<void> {
    return Promise.all(CONTRACT_CHILDREN.map((r) => this.children(r, contractId).refresh())).then(() => undefined);
  }

  private allChildLists(): PagedList<{ id: number }>[] {
    return [...this.childLists.values()].flatMap((lists) => [...lists.values()]);
  }

  /** A loaded contract and its lists again from Campfire; rejects when the contract could not be fetched. */
  async refreshContract(contractId: number): Promise<void> {
    const generation = this.generation;
    const contract = this.findContract(contractId)
      ? this.source.contract(contractId, this.abort.signal).then((fresh) => {
          if (generation === this.generation) this.contracts.replace(fresh);
        })
      : Promise.resolve();
    const [fetched] = await Promise.allSettled([contract, this.refreshChildren(contractId)]);
    if (fetched.status === 'rejected' && generation === this.generation && !isCancellation(fetched.reason)) throw fetched.reason;
  }

  refreshAll(): Promise<void> {
    for (const list of this.allChildLists()) list.invalidate();
    const reload = this.contracts.isLoaded || this.contracts.error !== undefined ? this.syncContracts() : this.contracts.ensureLoaded();
    return this.hasQuery ? reload.then(() => this.completeForQuery()) : reload;
  }

  retryFailed(): Promise<void> {
    const failed = [this.contracts, ...this.allChildLists()].filter((l) => l.error !== undefined);
    return Promise.all(failed.map((l) => l.retry())).then(() => undefined);
  }

  /** A contract's lists that failed, retried together: one cause (Campfire unreachable) usually fails them all. */
  retryFailedOf(contractId: number): Promise<void> {
    const failed = CONTRACT_CHILDREN.flatMap((r) => {
      const list = this.childLists.get(r.name)?.get(contractId);
      return list?.error !== undefined ? [list] : [];
    });
    return Promise.all(failed.map((l) => l.retry())).then(() => undefined);
  }

  reset(): void {
    this.generation++;
    this.abort.abort();
    this.abort = new AbortController();
    for (const list of this.allChildLists()) list.dispose();
    this.childLists.clear();
    this.loadAllProgress = undefined;
    this.starting = undefined;
    this.previous = undefined;
    this.lastChanges = undefined;
    this.commitAlerts = [];
    this.watch = undefined;
    this.readNow.clear();
    this.contracts.reset();
    this.emit({ kind: 'changes' });
  }

  dispose(): void {
    this.generation++;
    this.abort.abort();
    for (const list of [this.contracts, ...this.allChildLists()]) list.dispose();
    this.listeners.clear();
  }


  root(): RootView {
    const list = this.contracts;
    if (!this.hasQuery) {
      return { contracts: list.items, total: list.count, matched: undefined, hasMore: list.hasMore, queryIncomplete: false };
    }
    const result = this.queried();
    const groups = this.queryCache?.groups;
    const byCurrency = this.queryCache?.currencyGroups;
    // Once every contract is in, every match shows: a page limit would only hide rows already loaded.
    const shown = list.isComplete ? result.length : this.shown;
    return {
      contracts: result.slice(0, shown),
      total: list.count,
      matched: this.currentFilter ? result.length : undefined,
      hasMore: shown < result.length,
      queryIncomplete: !list.isComplete,
      ...(groups ? { valueGroups: groups } : {}),
      ...(byCurrency && byCurrency.length > 1 ? { currencyGroups: byCurrency } : {}),
    };
  }

  /** A filter or sort needs every contract, so the rest load (with progress) and matches show as they arrive. */
  setQuery(filter: ContractFilter | undefined, sort: ContractSort | undefined): Promise<void> {
    this.currentFilter = normalizeFilter(filter);
    this.currentSort = sort;
    this.shown = this.settings.pageSize();
    this.queryCache = undefined;
    this.emit({ kind: 'contracts' });
    return this.completeForQuery();
  }

  /** The filter and sort saved with the workspace, restored without loading anything. */
  restoreQuery(filter: ContractFilter | undefined, sort: ContractSort | undefined): void {
    this.currentFilter = normalizeFilter(filter);
    this.currentSort = sort;
    this.shown = this.settings.pageSize();
    this.queryCache = undefined;
    this.emit({ kind: 'contracts' });
  }

  setFilter(filter: ContractFilter | undefined): Promise<void> {
    return this.setQuery(filter, this.currentSort);
  }

  setSort(sort: ContractSort | undefined): Promise<void> {
    return this.setQuery(this.currentFilter, sort);
  }

  clearFilter(): Promise<void> {
    return this.setQuery(undefined, this.currentSort);
  }

  loadMore(): Promise<void> {
    if (!this.hasQuery) return this.contracts.loadMore();
    this.shown += this.settings.pageSize();
    this.emit({ kind: 'contracts' });
    return this.completeForQuery();
  }

  loadAll(onProgress?: (p: LoadProgress) => void, cancel?: AbortSignal): Promise<void> {
    if (this.hasQuery) {
      this.shown = Number.POSITIVE_INFINITY;
      this.emit({ kind: 'contracts' });
    }
    return this.contracts.loadAll((p) => {
      this.loadAllProgress = p;
      onProgress?.(p);
    }, cancel).finally(() => {
      this.loadAllProgress = undefined;
    });
  }

  /** Loads what the active filter or sort still needs (e.g. after a reset); nothing without one. */
  ensureQueryLoaded(): Promise<void> {
    return this.completeForQuery();
  }

  private async completeForQuery(): Promise<void> {
    if (!this.hasQuery) return;
    await this.contracts.ensureLoaded();
    if (this.contracts.isComplete || this.contracts.error !== undefined) return;
    await this.contracts
      .loadAll((p) => {
        this.loadAllProgress = p;
        this.emit({ kind: 'contracts' });
      })
      .finally(() => {
        this.loadAllProgress = undefined;
      });
  }

  private queried(): Contract[] {
    const items = this.contracts.items;
    if (this.queryCache?.items === items && this.queryCache.length === items.length) return this.queryCache.result;
    const result = applyQuery(items, this.currentFilter, this.currentSort);
    this.queryCache = { items, length: items.length, result, ...(this.currentSort?.by === 'value' ? { groups: valueGroups(result), currencyGroups: currencyGroups(result) } : {}) };
    return result;
  }


  findContract(contractId: number): Contract | undefined {
    return this.contracts.items.find((c) => c.id === contractId);
  }

  findChild<R extends ContractChild>(resource: R, contractId: number, id: number): ChildItem<R> | undefined {
    return this.childLists.get(resource.name)?.get(contractId)?.items.find((c) => c.id === id) as ChildItem<R> | undefined;
  }

  /** The loaded contract, or the server's copy when it is not loaded (e.g. a reopened JSON document). */
  async contract(contractId: number, signal?: AbortSignal): Promise<Contract> {
    return this.findContract(contractId) ?? this.source.contract(contractId, signal);
  }

  async prepaidCommit(contractId: number, commitId: number, signal?: AbortSignal): Promise<PrepaidCommit> {
    return this.findChild(prepaidCommits, contractId, commitId) ?? this.source.prepaidCommit(contractId, commitId, signal);
  }

  /** An item of a list without a single-item endpoint (tier price overrides): the list loads until it is found. */
  async findByListing<R extends ContractChild>(resource: R, contractId: number, id: number): Promise<ChildItem<R> | undefined> {
    const list = this.children(resource, contractId);
    await list.ensureLoaded();
    if (!list.items.some((o) => o.id === id) && !list.isComplete) await list.loadAll();
    if (list.error !== undefined) throw list.error instanceof Error ? list.error : new Error(`Could not load the ${resource.label.many}`);
    return this.findChild(resource, contractId, id);
  }

  private emit(change: ModelChange): void {
    for (const l of this.listeners) l(change);
  }
}
