// One paginated list as the tree shows it. It never requests the same thing twice at once, and keeps
// its items when a reload fails, so an unreachable API leaves the last known data shown.
import { isCancellation } from '../api/errors';
import { IdSet } from '../api/idSet';
import type { ListPage, ListSummary, PaginateOptions } from '../api/pagination';

/** A listing as `paginate` makes it; it must skip, and add to `listed`, as `paginate` does. */
export type PageSource<T> = (options: PaginateOptions) => AsyncGenerator<ListPage<T>, ListSummary>;

/** What a list is doing right now; the tree labels its nodes after it. */
export type ListActivity = 'idle' | 'loadingFirst' | 'loadingMore' | 'loadingAll' | 'refreshing';

/** The operation that failed, so Retry can run it again; 'sync' replaces the items with a sync's result. */
export type ListOperation = 'first' | 'more' | 'all' | 'refresh' | 'sync';

/** What a sync (contractsSync.ts) hands a list to replace its items with. */
export interface SyncedItems<T> {
  items: T[];
  count: number;
  listedAt: number;
}

export interface ListSettings {
  pageSize(): number;
  concurrency(): number;
}

export interface LoadProgress {
  loaded: number;
  total: number;
}

interface Identified {
  id: number;
}

export class PagedList<T extends Identified> {
  private list: T[] = [];
  /** Ids of `list`, kept by the listings (PaginateOptions.listed). */
  private ids = new IdSet();
  private serverCount: number | undefined;
  private reachedEnd = false;
  private fetched = false;
  private invalid = false;
  private current: { op: ListOperation; promise: Promise<void> } | undefined;
  /** Bumped by reset(): results of operations started before it are dropped. */
  private generation = 0;
  private abort = new AbortController();
  private disposed = false;

  activity: ListActivity = 'idle';
  error: unknown;
  failedOperation: ListOperation | undefined;
  /** When the items were last loaded from the server without error (ms since epoch). */
  loadedAt: number | undefined;
  /** When items shown came from the cache: when they were read from the server then. */
  cachedAt: number | undefined;
  /** When the oldest read behind the items started: the next delta sync asks for changes from here. */
  listedAt: number | undefined;
  /** The last sync's work, which Retry runs again when it failed. */
  private syncWork: ((signal: AbortSignal) => Promise<SyncedItems<T>>) | undefined;

  constructor(
    private readonly source: PageSource<T>,
    private readonly settings: ListSettings,
    private readonly changed: () => void,
    /** Told after each operation that succeeded (the items are as the server had them). */
    private readonly loaded?: (op: ListOperation) => void,
  ) {}

  get items(): readonly T[] {
    return this.list;
  }
  /** `count` reported by the server on the last page read; undefined before the first page. */
  get count(): number | undefined {
    return this.serverCount;
  }
  /** The first page has arrived (possibly followed by an error later). */
  get isLoaded(): boolean {
    return this.fetched;
  }
  get isComplete(): boolean {
    return this.fetched && (this.reachedEnd || (this.serverCount !== undefined && this.list.length >= this.serverCount));
  }
  get hasMore(): boolean {
    return this.fetched && !this.isComplete;
  }
  get isBusy(): boolean {
    return this.current !== undefined;
  }
  /** The last refresh or sync failed and the items from before are shown (a warning goes above them). */
  get refreshFailed(): boolean {
    return this.error !== undefined && (this.failedOperation === 'refresh' || this.failedOperation === 'sync');
  }
  /** Data is shown but the last attempt to refresh or extend it failed. */
  get isStale(): boolean {
    return this.error !== undefined && this.fetched;
  }

  ensureLoaded(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    if (this.current) return this.current.promise;
    if (this.invalid) return this.refresh();
    if (this.fetched || this.error !== undefined) return Promise.resolve();
    return this.run('first', 'loadingFirst', (signal) => this.read({ startOffset: 0, maxItems: this.settings.pageSize(), signal }, false));
  }

  /** Resolves once the first page is in or failed, following a reset that happened meanwhile. */
  async whenLoaded(): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt++) {
      await this.ensureLoaded();
      if (this.fetched || this.error !== undefined) return;
    }
  }

  loadMore(): Promise<void> {
    if (this.current?.op === 'more' || this.current?.op === 'all') return this.current.promise;
    return this.after(() => {
      if (!this.fetched) return this.ensureLoaded();
      if (this.isComplete) return Promise.resolve();
      return this.run('more', 'loadingMore', (signal) =>
        this.read({ startOffset: this.list.length, maxItems: this.settings.pageSize(), signal }, false),
      );
    });
  }

  /** Loads every remaining item; `cancel` stops it within a page and the items that arrived stay. */
  loadAll(onProgress?: (p: LoadProgress) => void, cancel?: AbortSignal): Promise<void> {
    if (this.current?.op === 'all') return this.current.promise;
    return this.after(() => {
      if (this.isComplete) return Promise.resolve();
      return this.run('all', 'loadingAll', (signal) =>
        this.read({ startOffset: this.list.length, concurrency: this.settings.concurrency(), signal: cancel ? AbortSignal.any([signal, cancel]) : signal }, false, onProgress),
      );
    });
  }

  /** Reloads as many items as are shown, swapping them in at the end; on failure the old items stay. */
  refresh(): Promise<void> {
    if (this.current?.op === 'refresh') return this.current.promise;
    return this.after(() => {
      const want = Math.max(this.settings.pageSize(), this.list.length);
      const wasComplete = this.isComplete && this.list.length > 0;
      return this.run('refresh', 'refreshing', (signal) =>
        this.read(
          // A list that was complete is re-read completely, so that rows added meanwhile show up.
          wasComplete ? { startOffset: 0, concurrency: this.settings.concurrency(), signal } : { startOffset: 0, maxItems: want, signal },
          true,
        ),
      );
    });
  }

  retry(): Promise<void> {
    switch (this.failedOperation) {
      case 'more':
        return this.loadMore();
      case 'all':
        return this.loadAll();
      case 'first':
        this.error = undefined;
        return this.ensureLoaded();
      case 'sync':
        return this.syncWork ? this.sync(this.syncWork) : this.refresh();
      default:
        return this.refresh();
    }
  }

  /** Puts a newer copy of an item where the old one is, in place, so a page being appended keeps it. */
  replace(item: T): boolean {
    const i = this.list.findIndex((x) => x.id === item.id);
    if (i < 0) return false;
    this.list[i] = item;
    this.changed();
    return true;
  }

  /** Shows items from the local cache before anything is read; `cachedAt` says how old. */
  seed(items: readonly T[], count: number, complete: boolean, savedAt: number, listedAt: number | undefined): void {
    if (this.current || this.fetched) return;
    this.list = [...items];
    this.ids = new IdSet(items.length);
    for (const item of items) this.ids.add(item.id);
    this.serverCount = count;
    this.reachedEnd = complete;
    this.fetched = true;
    this.loadedAt = savedAt;
    this.cachedAt = savedAt;
    this.listedAt = listedAt;
    // Shown after a failed first load (offline): the items stand as data a refresh could not renew.
    if (this.error !== undefined) this.failedOperation = 'refresh';
    this.changed();
  }

  /** Replaces every item with what `work` brings (a delta sync), as one operation Retry can run again. */
  sync(work: (signal: AbortSignal) => Promise<SyncedItems<T>>): Promise<void> {
    if (this.current?.op === 'sync') return this.current.promise;
    this.syncWork = work;
    return this.after(() =>
      this.run('sync', 'refreshing', async (signal) => {
        const generation = this.generation;
        const result = await work(signal);
        if (generation !== this.generation) return;
        this.list = result.items;
        this.ids = new IdSet(result.items.length);
        for (const item of result.items) this.ids.add(item.id);
        this.serverCount = result.count;
        this.reachedEnd = true;
        this.fetched = true;
        this.listedAt = result.listedAt;
      }),
    );
  }

  /** Marks the items as outdated: they stay visible and the next ensureLoaded() reloads them. */
  invalidate(): void {
    this.invalid = true;
  }

  reset(): void {
    this.generation++;
    this.abort.abort();
    this.abort = new AbortController();
    this.current = undefined;
    this.list = [];
    this.ids = new IdSet();
    this.serverCount = undefined;
    this.reachedEnd = false;
    this.fetched = false;
    this.invalid = false;
    this.activity = 'idle';
    this.error = undefined;
    this.failedOperation = undefined;
    this.loadedAt = undefined;
    this.cachedAt = undefined;
    this.listedAt = undefined;
    this.syncWork = undefined;
    this.changed();
  }

  dispose(): void {
    this.disposed = true;
    this.generation++;
    this.abort.abort();
  }

  private after(next: () => Promise<void>): Promise<void> {
    const running = this.current?.promise;
    if (!running) return next();
    const generation = this.generation;
    return running.then(() => (generation === this.generation ? next() : undefined));
  }

  private run(op: ListOperation, activity: ListActivity, work: (signal: AbortSignal) => Promise<void>): Promise<void> {
    const generation = this.generation;
    const signal = this.abort.signal;
    this.activity = activity;
    const promise = work(signal).then(
      () => {
        if (generation !== this.generation) return;
        this.error = undefined;
        this.failedOperation = undefined;
        this.invalid = false;
        this.loadedAt = Date.now();
        this.cachedAt = undefined;
        this.loaded?.(op);
      },
      (e: unknown) => {
        if (generation !== this.generation || isCancellation(e)) return;
        this.error = e;
        this.failedOperation = op;
      },
    );
    const settled = promise.finally(() => {
      if (generation !== this.generation) return;
      if (this.current?.promise === settled) this.current = undefined;
      this.activity = 'idle';
      this.changed();
    });
    this.current = { op, promise: settled };
    this.changed();
    return settled;
  }

  /** Reads pages; appending hands the listing the ids held, so rows that shifted are not handed out twice. */
  private async read(options: Omit<PaginateOptions, 'pageSize' | 'listed'>, replace: boolean, onProgress?: (p: LoadProgress) => void): Promise<void> {
    const generation = this.generation;
    const startedAt = Date.now();
    const list = replace ? [] : this.list;
    const ids = replace ? new IdSet() : this.ids;
    const pages = this.source({ ...options, pageSize: this.settings.pageSize(), listed: ids });
    let count: number | undefined;
    for (;;) {
      const r = await pages.next();
      if (generation !== this.generation) {
        await pages.return({ initialCount: 0, finalCount: 0, delivered: 0, duplicatesSkipped: 0, complete: false });
        return;
      }
      if (r.done) {
        const summary = r.value;
        count = summary.finalCount;
        if (summary.complete) this.reachedEnd = true;
        else if (replace) this.reachedEnd = false;
        break;
      }
      count = r.value.count;
      for (const item of r.value.items) list.push(item);
      if (!replace) {
        this.serverCount = count;
        this.fetched = true;
        onProgress?.({ loaded: list.length, total: count });
        this.changed();
      }
    }
    this.list = list;
    this.ids = ids;
    this.serverCount = count;
    this.fetched = true;
    // Appended pages join items read earlier: the oldest read is what a change may have missed.
    this.listedAt = replace || this.listedAt === undefined ? startedAt : Math.min(this.listedAt, startedAt);
    onProgress?.({ loaded: list.length, total: count });
  }
}
