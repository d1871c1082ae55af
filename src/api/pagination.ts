// Limit/offset listing that proves it read every row, or says how many it could not. Nothing here
// trusts a requested `limit`, a page's length or a stable offset: why, and how, in docs/pagination.md.
import * as l10n from '@vscode/l10n';
import * as z from 'zod';
import type { CampfireClient, Query } from './client';
import { CampfireIncompleteError } from './errors';
import { IdSet } from './idSet';
import { pageSchema } from './schemas/page';
import { parseOrThrow } from './validate';

export interface ListRequest<S extends z.ZodType> {
  path: string;
  endpoint: string;
  itemSchema: S;
  query?: Query;
}

export interface PaginateOptions {
  pageSize: number;
  /** Pages requested at once after the first (the shared scheduler still caps the total). */
  concurrency?: number;
  startOffset?: number;
  maxItems?: number;
  /** Ids the consumer already holds ("Load more", a Retry): skipped, and every row handed out is added, so consumers never deduplicate. */
  listed?: IdSet;
  /** Request the first `concurrency` pages before the first page's `count` is known: saves a round trip on long listings. */
  expectMany?: boolean;
  signal?: AbortSignal | undefined;
}

export interface ListPage<T> {
  items: T[];
  offset: number;
  count: number;
  delivered: number;
}

export interface ListSummary {
  initialCount: number;
  finalCount: number;
  delivered: number;
  /** Items skipped because an earlier page, or the consumer (`listed`), already had them (rows shifted). */
  duplicatesSkipped: number;
  complete: boolean;
}

const ID_SET_PRESIZE_CAP = 1_000_000;
/** Pages in a row that bring no new row before the listing gives up on a server repeating itself. */
const MAX_PAGES_WITHOUT_PROGRESS = 3;
const EMPTY_PAGE_RETRIES = 2;
/** Pages read backwards, after rows were removed, looking for a row already handed out. */
const MAX_BACKFILL_PAGES = 16;

interface Identified {
  id?: unknown;
}

interface Fetched<T> {
  count: number;
  items: T[];
}

interface Slot<T> {
  offset: number;
  limit: number;
  page?: Promise<Fetched<T>>;
  emptyTries: number;
}

const MAX_PASSES = 3;

type PassSummary = ListSummary & { traces: number; seen: IdSet };

/**
 * Pages of a list endpoint in order. Breaking out of the loop cancels the pages in flight; rows
 * missing end in a CampfireIncompleteError, and a pass that saw rows move is followed by another.
 */
export async function* paginate<S extends z.ZodType>(
  client: CampfireClient,
  req: ListRequest<S>,
  options: PaginateOptions,
): AsyncGenerator<ListPage<z.output<S>>, ListSummary> {
  const listed = options.listed;
  const startOffset = Math.max(0, options.startOffset ?? 0);
  const continued = startOffset > 0 && listed !== undefined && listed.size > 0;
  let handedOut = listed;
  const maxItems = options.maxItems ?? Infinity;
  let total: ListSummary | undefined;
  for (let pass = 1; ; pass++) {
    const before = total?.delivered ?? 0;
    const passOptions: PaginateOptions = pass === 1 ? options : { ...options, listed: handedOut, startOffset: continued ? 0 : startOffset, maxItems: maxItems - before, expectMany: true };
    const pages = new ListingPass(client, req, passOptions, pass === 1 && continued).run();
    let result: PassSummary | undefined;
    try {
      for (;;) {
        const r = await pages.next();
        if (r.done) {
          result = r.value;
          break;
        }
        yield before === 0 ? r.value : { ...r.value, delivered: r.value.delivered + before, count: total?.initialCount ?? r.value.count };
      }
    } finally {
      if (!result) await pages.return({ initialCount: 0, finalCount: 0, delivered: 0, duplicatesSkipped: 0, complete: false, traces: 0, seen: new IdSet() });
    }
    const { traces, seen, ...summary } = result;
    handedOut ??= seen;
    total = total
      ? { ...total, finalCount: summary.finalCount, delivered: before + summary.delivered, duplicatesSkipped: total.duplicatesSkipped + summary.duplicatesSkipped, complete: summary.complete }
      : summary;
    const moved = traces > 0 || (pass === 1 && listed?.rowsMoved === true);
    if (listed) listed.rowsMoved = false;
    if (!moved) return total;
    if (total.delivered >= maxItems || !summary.complete) {
      // Stopped early: the listing that continues this one reads again once it reaches the end.
      if (listed) listed.rowsMoved = true;
      return total;
    }
    if (pass === MAX_PASSES) {
      throw new CampfireIncompleteError(req.endpoint, total.delivered, Math.max(0, summary.finalCount - startOffset), l10n.t('rows kept changing place while the list was read ({0} passes)', MAX_PASSES), startOffset);
    }
  }
}

type ItemOf<S extends z.ZodType> = z.output<S>;

/** One pass over the collection (the steps are in docs/pagination.md). */
class ListingPass<S extends z.ZodType> {
  private readonly pageSize: number;
  private readonly concurrency: number;
  private readonly maxItems: number;
  private readonly startOffset: number;
  // A bare array where a page is due is a schema error, never "one page, complete".
  private readonly envelope: z.ZodType<{ count: number; results: ItemOf<S>[] }>;
  private readonly stop = new AbortController();
  /** The caller's signal and `stop` in one, joined by a listener while the pass runs (not AbortSignal.any, whose weakly held signals cost GC work). */
  private readonly signal = this.stop.signal;
  private readonly callerSignal: AbortSignal | undefined;
  private readonly onCallerAbort = () => this.stop.abort(this.callerSignal?.reason);

  private seenIds = new IdSet();
  private readonly seenOther = new Set<unknown>();
  private readonly listed: IdSet | undefined;
  /** The row the earlier listing ended with, where a continued listing's first page must start. */
  private readonly listedLast: number | undefined;
  private duplicatesSkipped = 0;
  private alreadyListed = 0;
  private delivered = 0;
  private initialCount = 0;
  private lastCount = 0;
  /** The smallest `count` any page reported: below the first one, the end must be proven (`endProven`). */
  private lowestCount = 0;
  /** The `count` the listing may not end below unproven (a continued listing's can be the earlier one's). */
  private provenCount = 0;
  /** More distinct rows were read than a page's `count` says there are: no `count` proves the end any more. */
  private countContradicted = false;

  // With pages of one row no row is shared with the next request, so continuity cannot be checked.
  private step: number;
  // At most `lookahead` pages wait to be handed out, which bounds memory when the consumer is slow.
  private readonly queue: Slot<ItemOf<S>>[] = [];
  private readonly lookahead: number;
  private running = 0;
  private finished = false;
  private readonly firstOffset: number;
  private readonly firstLimit: number;
  /** Where reading back stops: the listing's start, or for a continued listing the collection's. */
  private readonly backStop: number;
  private frontier: number;
  private end: number;
  private covered = 0;
  /** Where rows that keep coming past every `count` end the listing (see `planAfterFirstPage`). */
  private growthCap = 0;
  /** Where the end was last proven by reading the page there once more (see `endProven`). */
  private provenAt = -1;
  private withoutProgress = 0;
  /** The window handed out last: a page starting inside it must begin with the row it holds there. */
  private lastWindow: { offset: number; items: readonly ItemOf<S>[] } | undefined;
  /** Signs that rows changed place while the list was read; any make `paginate` read once more. */
  private traces = 0;

  constructor(
    private readonly client: CampfireClient,
    private readonly req: ListRequest<S>,
    options: PaginateOptions,
    private readonly continued: boolean,
  ) {
    this.pageSize = Math.max(1, Math.floor(options.pageSize));
    this.concurrency = Math.max(1, Math.floor(options.concurrency ?? client.scheduler.maxConcurrent));
    this.maxItems = options.maxItems ?? Infinity;
    this.startOffset = Math.max(0, options.startOffset ?? 0);
    this.envelope = pageSchema(req.itemSchema);
    this.callerSignal = options.signal;
    this.listed = options.listed;
    this.listedLast = this.listed?.last;
    this.step = this.pageSize;
    this.lookahead = this.concurrency * 2;
    this.firstOffset = continued ? this.startOffset - 1 : this.startOffset;
    this.firstLimit = continued ? this.pageSize + 1 : this.pageSize;
    this.backStop = continued ? 0 : this.startOffset;
    this.frontier = this.firstOffset + this.firstLimit;
    this.end = options.expectMany ? Math.min(this.wanted(), this.frontier + (this.concurrency - 1) * (this.pageSize - this.overlap())) : this.frontier;
  }

  async *run(): AsyncGenerator<ListPage<ItemOf<S>>, PassSummary> {
    if (this.callerSignal?.aborted) this.onCallerAbort();
    else this.callerSignal?.addEventListener('abort', this.onCallerAbort, { once: true });
    try {
      const first = await this.readFirstPage();
      const window = await this.firstWindow(first);
      const firstFresh = this.dedupe(window.items, window.skipFirst ? 1 : 0);
      this.countContradicted = this.startOffset + this.readRows() > first.count;
      this.lastWindow = { offset: window.from, items: window.items };
      yield this.pageOut(firstFresh, this.startOffset);

      this.covered = window.from + window.items.length;
      if (window.anchored && !this.countContradicted && this.provenCount === first.count && (this.covered >= this.endsAt(first.count) || first.items.length === 0)) {
        if (this.listed) this.listed.reportedCount = first.count;
        return this.summary(this.initialCount, this.delivered < this.maxItems || this.covered >= first.count);
      }
      this.planAfterFirstPage(first);

      while (this.delivered < this.maxItems) {
        const slot = this.queue[0];
        if (!slot) {
          if (this.planBeyondCovered()) break;
          continue;
        }
        const page = await this.take(slot);
        const before = this.readRows();
        if (!this.anchored(page.items)) {
          this.traces++;
          const found = await this.searchBack(slot.offset);
          const recovered = this.dedupe(found.items);
          this.lastWindow = { offset: found.from, items: found.items };
          if (recovered.length > 0) yield this.pageOut(recovered, found.from);
          this.rereadAfter(found, slot, page.items, before);
          continue;
        }
        const fresh = this.handOut(slot, page);
        if (fresh.length > 0) yield this.pageOut(fresh, slot.offset);
        if (page.items.length === 0 ? this.emptyPageRead(slot, page) : this.pageRead(slot, page, before)) break;
      }
      return this.lastSummary();
    } finally {
      this.finished = true;
      this.callerSignal?.removeEventListener('abort', this.onCallerAbort);
      this.stop.abort();
    }
  }

  /** The first page goes to the scheduler first: it is what a view shows first. */
  private async readFirstPage(): Promise<Fetched<ItemOf<S>>> {
    const firstRequest = this.fetchPage(this.firstOffset, this.firstLimit);
    this.fill();
    let first = await firstRequest;
    for (let tries = 0; first.items.length === 0 && this.firstOffset < first.count; tries++) {
      if (tries === EMPTY_PAGE_RETRIES) {
        this.lastCount = first.count;
        throw this.emptyPage(this.firstOffset, first.count);
      }
      first = await this.fetchPage(this.firstOffset, this.firstLimit);
    }
    this.initialCount = first.count;
    this.lastCount = first.count;
    this.lowestCount = first.count;
    const earlierCount = this.listed?.reportedCount ?? 0;
    this.provenCount = this.continued && this.listed !== undefined && earlierCount > first.count ? earlierCount : first.count;
    this.seenIds = new IdSet(Math.max(0, Math.min(this.initialCount - this.startOffset, this.maxItems, ID_SET_PRESIZE_CAP)));
    return first;
  }

  /** The first page's rows; a continued listing's must start on a row the earlier one handed out. */
  private async firstWindow(first: Fetched<ItemOf<S>>): Promise<{ from: number; items: ItemOf<S>[]; anchored: boolean; skipFirst: boolean }> {
    const firstId = first.items.length > 0 ? (first.items[0] as Identified).id : undefined;
    const anchored = !this.continued || (first.items.length > 0 && (firstId === undefined || this.seen(first.items[0] as ItemOf<S>)));
    if (!anchored) {
      this.traces++;
      return { ...(await this.searchBack(this.firstOffset)), anchored, skipFirst: false };
    }
    if (this.continued && this.listedLast !== undefined && firstId !== this.listedLast) this.traces++;
    // The shared row belongs to the earlier listing: it must not count towards `count` twice.
    if (this.continued && typeof firstId === 'number') this.seenIds.add(firstId);
    return { from: this.firstOffset, items: first.items, anchored, skipFirst: this.continued };
  }

  private planAfterFirstPage(first: Fetched<ItemOf<S>>): void {
    if (first.items.length > 0 && first.items.length < this.pageSize) this.step = first.items.length;
    // Rows that keep coming far past every count end the listing with an error.
    this.growthCap = this.startOffset + 2 * Math.max(this.initialCount, this.pageSize) + this.concurrency * this.pageSize;
    this.end = this.endsAt(this.initialCount);
    for (let i = this.queue.length - 1; i >= 0; i--) if ((this.queue[i] as Slot<ItemOf<S>>).offset >= this.end) this.queue.splice(i, 1);
    this.frontier = Math.max(this.covered, ...this.queue.map((s) => s.offset + s.limit));
    const head = this.queue[0];
    if (head && head.offset > this.covered - this.overlap()) this.planHole(0, this.covered, head.offset + this.overlap());
    this.fill();
  }

  private planBeyondCovered(): boolean {
    if (this.covered >= this.endsAt(this.lastCount)) return this.endProven();
    if (this.covered >= this.growthCap) throw this.incomplete(l10n.t('Campfire kept sending rows past the {0} it reported', this.lastCount));
    this.end = Math.min(Math.max(this.end, this.endsAt(this.lastCount)), this.growthCap);
    const next: Slot<ItemOf<S>> = { offset: this.covered - this.overlap(), limit: this.step, emptyTries: 0 };
    this.frontier = next.offset + this.step;
    this.queue.push(next);
    return false;
  }

  private async take(slot: Slot<ItemOf<S>>): Promise<Fetched<ItemOf<S>>> {
    if (!slot.page) this.start(slot);
    const page = await (slot.page as Promise<Fetched<ItemOf<S>>>);
    this.queue.shift();
    this.lastCount = page.count;
    this.lowestCount = Math.min(this.lowestCount, page.count);
    return page;
  }

  /** Continuity: the page holds a row already handed out (normally the one it shares with the page before). */
  private anchored(items: readonly ItemOf<S>[]): boolean {
    const firstId = items.length > 0 ? (items[0] as Identified).id : undefined;
    return this.overlap() === 0 || items.length === 0 || firstId === undefined || items.some((item) => this.seen(item));
  }

  private rereadAfter(found: { from: number; items: ItemOf<S>[] }, slot: Slot<ItemOf<S>>, items: readonly ItemOf<S>[], before: number): void {
    this.covered = found.from + found.items.length;
    const next = this.queue[0];
    const holeEnd = next ? next.offset + this.overlap() : slot.offset + Math.max(slot.limit, items.length);
    if (holeEnd > this.covered) this.planHole(0, this.covered, holeEnd);
    else if (!next) this.frontier = Math.min(this.frontier, this.covered);
    if (this.countProgress(before) >= MAX_PAGES_WITHOUT_PROGRESS) throw this.repeating();
    this.fill();
  }

  private handOut(slot: Slot<ItemOf<S>>, page: Fetched<ItemOf<S>>): ItemOf<S>[] {
    const items = page.items;
    const expected = this.expectedAt(slot.offset);
    if (this.overlap() > 0 && expected !== undefined && (items.length > 0 ? (items[0] as Identified).id : undefined) !== expected) this.traces++;
    // The shared first row proves continuity; it is not a duplicate.
    const fresh = this.dedupe(items, this.overlap() > 0 && items.length > 0 ? 1 : 0);
    if (this.startOffset + this.readRows() > page.count) this.countContradicted = true;
    if (items.length > 0) this.lastWindow = { offset: slot.offset, items };
    return fresh;
  }

  private emptyPageRead(slot: Slot<ItemOf<S>>, page: Fetched<ItemOf<S>>): boolean {
    if (slot.offset >= page.count) return this.endProven();
    if (slot.emptyTries >= EMPTY_PAGE_RETRIES) throw this.emptyPage(slot.offset, page.count);
    this.queue.unshift({ offset: slot.offset, limit: slot.limit, emptyTries: slot.emptyTries + 1 });
    this.fill();
    return false;
  }

  private pageRead(slot: Slot<ItemOf<S>>, page: Fetched<ItemOf<S>>, before: number): boolean {
    const items = page.items;
    const reached = slot.offset + items.length;
    if (this.countProgress(before) >= MAX_PAGES_WITHOUT_PROGRESS && reached < this.endsAt(page.count)) {
      // Short pages that stop short of `count` again and again: the rows end before Campfire says.
      throw items.length < slot.limit ? this.incomplete(l10n.t('the rows end at {0} while Campfire reported {1}', reached, page.count)) : this.repeating();
    }
    this.covered = Math.max(this.covered, reached);
    if (this.covered >= this.endsAt(page.count) && items.length < slot.limit) return this.endProven();
    if (items.length < slot.limit) {
      if (items.length > this.overlap()) this.step = Math.min(this.step, items.length);
      const next = this.queue[0];
      const holeEnd = next ? next.offset + this.overlap() : Math.min(slot.offset + slot.limit, this.endsAt(page.count));
      if (holeEnd > reached) this.planHole(0, reached, holeEnd);
    }
    if (page.count > this.end && this.end < this.wanted()) this.end = Math.min(this.endsAt(page.count), this.growthCap);
    if (this.covered >= this.endsAt(page.count) && this.queue.length === 0 && this.frontier >= this.end) return this.endProven();
    this.fill();
    return false;
  }

  /** Before ending at a `count` below the first, the page at the end is read once more. */
  private endProven(): boolean {
    // Each read that should prove the end brought rows again, far past every `count`.
    if (this.covered >= this.growthCap) throw this.incomplete(l10n.t('Campfire kept sending rows past the {0} it reported', this.lastCount));
    if ((this.lowestCount >= this.provenCount && !this.countContradicted) || this.provenAt === this.covered) return true;
    this.provenAt = this.covered;
    this.queue.unshift({ offset: Math.max(this.firstOffset, this.covered - this.overlap()), limit: this.step, emptyTries: 0 });
    return false;
  }

  private lastSummary(): PassSummary {
    const complete = this.delivered < this.maxItems || this.covered >= this.lastCount;
    const floor = Math.min(this.initialCount, this.lastCount) - this.startOffset;
    if (this.delivered < this.maxItems && this.readRows() < floor) throw this.incomplete(l10n.t('Campfire reported {0} rows but the pages held only {1}', floor, this.readRows()));
    if (this.listed) this.listed.reportedCount = this.lastCount;
    return this.summary(this.lastCount, complete);
  }

  private summary(finalCount: number, complete: boolean): PassSummary {
    return { initialCount: this.initialCount, finalCount, delivered: this.delivered, duplicatesSkipped: this.duplicatesSkipped + this.alreadyListed, complete, traces: this.traces, seen: this.seenIds };
  }

  private pageOut(items: ItemOf<S>[], offset: number): ListPage<ItemOf<S>> {
    return { items, offset, count: this.initialCount, delivered: this.delivered };
  }

  private fetchPage(offset: number, limit: number, onReceived?: () => void): Promise<Fetched<ItemOf<S>>> {
    const { path, endpoint, query } = this.req;
    return this.client.getAndRead({ path, endpoint, query: { ...query, limit, offset }, signal: this.signal, onReceived, rowOffset: offset }, (body, target) => {
      const page = parseOrThrow(this.envelope, body, target, offset);
      return { count: page.count, items: page.results };
    });
  }

  private seen(item: ItemOf<S>): boolean {
    const key = (item as Identified).id;
    return typeof key === 'number' ? this.seenIds.has(key) || this.listed?.has(key) === true : this.seenOther.has(key);
  }

  private dedupe(items: readonly ItemOf<S>[], from = 0): ItemOf<S>[] {
    const out: ItemOf<S>[] = [];
    for (let i = from; i < items.length; i++) {
      if (this.delivered + out.length >= this.maxItems) break;
      const item = items[i] as ItemOf<S>;
      const key = (item as Identified).id;
      if (key !== undefined) {
        const fresh = typeof key === 'number' ? this.seenIds.add(key) : !this.seenOther.has(key) && !!this.seenOther.add(key);
        if (!fresh) {
          this.duplicatesSkipped++;
          continue;
        }
        // Handed out by an earlier listing: read (it counts towards `count`), not handed out again.
        if (this.listed && typeof key === 'number' && !this.listed.add(key)) {
          this.alreadyListed++;
          continue;
        }
      }
      out.push(item);
    }
    this.delivered += out.length;
    return out;
  }

  private readRows(): number {
    return this.delivered + this.alreadyListed;
  }

  private countProgress(before: number): number {
    this.withoutProgress = this.readRows() > before ? 0 : this.withoutProgress + 1;
    return this.withoutProgress;
  }

  private incomplete(reason: string): CampfireIncompleteError {
    return new CampfireIncompleteError(this.req.endpoint, this.readRows(), Math.max(0, this.lastCount - this.startOffset), reason, this.startOffset);
  }

  private emptyPage(offset: number, count: number): CampfireIncompleteError {
    return this.incomplete(l10n.t('Campfire sent an empty page at offset {0} while it reported {1} rows', offset, count));
  }

  private repeating(): CampfireIncompleteError {
    return this.incomplete(l10n.t('Campfire kept sending rows already listed ({0} pages in a row brought nothing new)', MAX_PAGES_WITHOUT_PROGRESS));
  }

  private overlap(): number {
    return this.step > 1 ? 1 : 0;
  }

  /** Where planning stops for `maxItems`: each row skipped moves the end a row further. */
  private wanted(): number {
    return Number.isFinite(this.maxItems) ? this.startOffset + this.maxItems + this.duplicatesSkipped + this.alreadyListed : Infinity;
  }

  private endsAt(count: number): number {
    return Math.min(count, this.wanted());
  }

  /** The slot frees once the body has arrived, so the next request is on the wire while this page is parsed. */
  private start(slot: Slot<ItemOf<S>>): void {
    this.running++;
    let freed = false;
    const free = (andFill: boolean) => {
      if (freed) return;
      freed = true;
      this.running--;
      if (andFill) this.fill();
    };
    slot.page = this.fetchPage(slot.offset, slot.limit, () => free(true));
    slot.page.then(
      () => free(true),
      () => free(false),
    );
  }

  private fill(): void {
    while (!this.finished && !this.signal.aborted && this.running < this.concurrency) {
      const pending = this.queue.find((s) => s.page === undefined);
      if (pending) {
        this.start(pending);
        continue;
      }
      if (this.queue.length >= this.lookahead || this.frontier >= this.end) break;
      const slot: Slot<ItemOf<S>> = { offset: this.frontier - this.overlap(), limit: this.step, emptyTries: 0 };
      this.frontier = slot.offset + this.step;
      this.queue.push(slot);
      this.start(slot);
    }
  }

  private planHole(index: number, from: number, to: number): void {
    const slots: Slot<ItemOf<S>>[] = [];
    for (let offset = from - this.overlap(); offset < to; offset += this.step - this.overlap()) slots.push({ offset, limit: this.step, emptyTries: 0 });
    this.queue.splice(index, 0, ...slots);
  }

  /** Reads back from `offset` until a window holds a row already handed out; that window is handed out alone. */
  private async searchBack(offset: number): Promise<{ from: number; items: ItemOf<S>[] }> {
    for (let to = offset, n = 0; ; n++) {
      if (n === MAX_BACKFILL_PAGES) throw this.incomplete(l10n.t('rows moved by more than {0} places while the list was read', MAX_BACKFILL_PAGES * this.step));
      const from = Math.max(this.backStop, to - this.step);
      const got = await this.fetchPage(from, Math.max(1, to - from));
      if (from === this.backStop || got.items.some((item) => this.seen(item))) return { from, items: got.items };
      to = from;
    }
  }

  private expectedAt(offset: number): unknown {
    const w = this.lastWindow;
    const i = w ? offset - w.offset : -1;
    return w && i >= 0 && i < w.items.length ? (w.items[i] as Identified).id : undefined;
  }
}

export async function firstPage<T>(pages: AsyncGenerator<ListPage<T>, ListSummary>): Promise<ListPage<T> | undefined> {
  try {
    const r = await pages.next();
    return r.done ? undefined : r.value;
  } finally {
    await pages.return({ initialCount: 0, finalCount: 0, delivered: 0, duplicatesSkipped: 0, complete: false });
  }
}
