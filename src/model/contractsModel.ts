// The Contracts tree's data: the paginated contract list, each contract's prepaid commits and tier
// price overrides (cached per contract, fetched together when the contract is expanded), and the
// filter and sort the user applied. It knows nothing of VS Code, so the unit tests and the
// benchmark drive it directly; the tree only renders what it holds.
import { isCancellation } from '../api/errors';
import type { Contract } from '../api/schemas/contract';
import type { PrepaidCommit } from '../api/schemas/prepaidCommit';
import { CONTRACT_CHILDREN, prepaidCommits, type ContractChild } from '../resources';
import { applyQuery, normalizeFilter, valueGroups, type ContractFilter, type ContractSort, type ValueGroups } from './contractQuery';
import type { ChildItem, ContractsSource } from './contractsSource';
import { PagedList, type ListSettings, type LoadProgress } from './pagedList';

export type ModelChange = { kind: 'contracts' } | { kind: 'children'; contractId: number };

/** What the root of the tree shows. */
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
}

export class ContractsModel {
  readonly contracts: PagedList<Contract>;
  /** Each contract's child lists, by resource name and contract id. */
  private readonly childLists = new Map<string, Map<number, PagedList<{ id: number }>>>();
  private readonly listeners = new Set<(change: ModelChange) => void>();
  private currentFilter: ContractFilter | undefined;
  private currentSort: ContractSort | undefined;
  /** Matches shown while a filter or sort is active ("Load more" raises it by a page). */
  private shown = 0;
  private queryCache: { items: readonly Contract[]; length: number; result: Contract[]; groups?: ValueGroups } | undefined;
  /** Progress of loading every contract for a filter or sort, for the view's message. */
  loadAllProgress: LoadProgress | undefined;
  /** Single contracts being fetched again: reset() cancels them and drops what they bring. */
  private generation = 0;
  private abort = new AbortController();

  constructor(
    private readonly source: ContractsSource,
    private readonly settings: ListSettings,
  ) {
    this.contracts = new PagedList(source.contracts, settings, () => {
      this.queryCache = undefined;
      this.emit({ kind: 'contracts' });
    });
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

  /** One of a contract's lists (created empty on first use; loading is up to the caller). */
  children<R extends ContractChild>(resource: R, contractId: number): PagedList<ChildItem<R>> {
    let lists = this.childLists.get(resource.name);
    if (!lists) this.childLists.set(resource.name, (lists = new Map<number, PagedList<{ id: number }>>()));
    let list = lists.get(contractId);
    if (!list) {
      list = new PagedList(this.source.children(resource, contractId), this.settings, () => this.emit({ kind: 'children', contractId }));
      lists.set(contractId, list);
    }
    return list as PagedList<ChildItem<R>>;
  }

  /** A contract's child lists, first pages requested together. */
  loadChildren(contractId: number): Promise<void> {
    return Promise.all(CONTRACT_CHILDREN.map((r) => this.children(r, contractId).whenLoaded())).then(() => undefined);
  }

  refreshChildren(contractId: number): Promise<void> {
    return Promise.all(CONTRACT_CHILDREN.map((r) => this.children(r, contractId).refresh())).then(() => undefined);
  }

  private allChildLists(): PagedList<{ id: number }>[] {
    return [...this.childLists.values()].flatMap((lists) => [...lists.values()]);
  }

  /**
   * A loaded contract again from Campfire (its status, value or term may have changed) and its
   * commits and overrides, all at once. The new copy takes the old one's place, so the filter and
   * sort see it. Rejects when the contract could not be fetched; the child lists keep their errors
   * for the tree as usual.
   */
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

  /** Reloads the contracts; child lists keep their items and reload when next shown. */
  refreshAll(): Promise<void> {
    for (const list of this.allChildLists()) list.invalidate();
    const reload = this.contracts.isLoaded || this.contracts.error !== undefined ? this.contracts.refresh() : this.contracts.ensureLoaded();
    return this.hasQuery ? reload.then(() => this.completeForQuery()) : reload;
  }

  /** Runs every failed load again. */
  retryFailed(): Promise<void> {
    const failed = [this.contracts, ...this.allChildLists()].filter((l) => l.error !== undefined);
    return Promise.all(failed.map((l) => l.retry())).then(() => undefined);
  }

  /** Forgets all data (signed out, another account or server) and cancels what is loading. */
  reset(): void {
    this.generation++;
    this.abort.abort();
    this.abort = new AbortController();
    for (const list of this.allChildLists()) list.dispose();
    this.childLists.clear();
    this.loadAllProgress = undefined;
    this.contracts.reset();
  }

  dispose(): void {
    this.generation++;
    this.abort.abort();
    for (const list of [this.contracts, ...this.allChildLists()]) list.dispose();
    this.listeners.clear();
  }

  // ---- the root: paging, filter and sort ----

  root(): RootView {
    const list = this.contracts;
    if (!this.hasQuery) {
      return { contracts: list.items, total: list.count, matched: undefined, hasMore: list.hasMore, queryIncomplete: false };
    }
    const result = this.queried();
    const groups = this.queryCache?.groups;
    return {
      contracts: result.slice(0, this.shown),
      total: list.count,
      matched: this.currentFilter ? result.length : undefined,
      hasMore: this.shown < result.length,
      queryIncomplete: !list.isComplete,
      ...(groups ? { valueGroups: groups } : {}),
    };
  }

  /**
   * Applies a filter and/or sort. Both need every contract, so the rest are loaded (with
   * progress); matches show as they arrive.
   */
  setQuery(filter: ContractFilter | undefined, sort: ContractSort | undefined): Promise<void> {
    this.currentFilter = normalizeFilter(filter);
    this.currentSort = sort;
    this.shown = this.settings.pageSize();
    this.queryCache = undefined;
    this.emit({ kind: 'contracts' });
    return this.completeForQuery();
  }

  /**
   * Takes back the filter and sort saved with the workspace (the window was reloaded), without
   * loading anything: the tree loads what they need when it is next shown.
   */
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

  /** Drops the text and status filter; the sort stays. */
  clearFilter(): Promise<void> {
    return this.setQuery(undefined, this.currentSort);
  }

  /** "Load more" at the root: the next page from the server, or the next page of matches. */
  loadMore(): Promise<void> {
    if (!this.hasQuery) return this.contracts.loadMore();
    this.shown += this.settings.pageSize();
    this.emit({ kind: 'contracts' });
    return this.completeForQuery();
  }

  /** "Load all" at the root: every contract, and every match shown. */
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
    this.queryCache = { items, length: items.length, result, ...(this.currentSort?.by === 'value' ? { groups: valueGroups(result) } : {}) };
    return result;
  }

  // ---- lookups for commands and JSON documents ----

  findContract(contractId: number): Contract | undefined {
    return this.contracts.items.find((c) => c.id === contractId);
  }

  /** An item of a contract's list, if that list has loaded it. */
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

  /**
   * An item of a contract's list without a single-item endpoint (tier price overrides): the list
   * is loaded until it is found.
   */
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
