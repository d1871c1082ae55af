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
  /** Extra query parameters (e.g. include_deleted). */
  query?: Query;
}

export interface PaginateOptions {
  pageSize: number;
  /** Pages requested at once after the first (the shared scheduler still caps the total). */
  concurrency?: number;
  /** Start here instead of 0 ("Load more"). */
  startOffset?: number;
  /** Stop after this many items are handed out (e.g. one page for the tree's first view). */
  maxItems?: number;
  /**
   * Ids of the rows the consumer already holds from earlier listings of the same collection (a
   * "Load more", a Retry that continues where a listing stopped). Rows that moved meanwhile may be
   * read again; they are skipped like any row read twice (they count as read, not as handed out).
   * Every row the listing hands out is added, so after each page the set holds exactly what the
   * consumer holds. Consumers keep this set instead of deduplicating on their own.
   */
  listed?: IdSet;
  /**
   * The collection is usually many pages long (a commit's usage events): request the first
   * `concurrency` pages together instead of waiting for the first page's `count`, which costs a
   * whole round trip before any other page can start. Pages past the end are dropped; nothing
   * beyond `maxItems` is requested.
   */
  expectMany?: boolean;
  signal?: AbortSignal | undefined;
}

export interface ListPage<T> {
  items: T[];
  /** Offset this page was requested at. */
  offset: number;
  /** `count` reported by the first page. */
  count: number;
  /** Items the listing has handed out so far, this page included. */
  delivered: number;
}

export interface ListSummary {
  /** `count` when the listing started. */
  initialCount: number;
  /** `count` on the last page read (differs when rows were added or removed meanwhile). */
  finalCount: number;
  delivered: number;
  /** Items skipped because an earlier page, or the consumer (`listed`), already had them (rows shifted). */
  duplicatesSkipped: number;
  /** The listing reached the end of the collection (not cut short by maxItems). */
  complete: boolean;
}

const ID_SET_PRESIZE_CAP = 1_000_000;
/** Pages in a row that bring no new row before the listing gives up on a server repeating itself. */
const MAX_PAGES_WITHOUT_PROGRESS = 3;
/** Times a page in the middle that came back empty is asked for again. */
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

/** A planned request: `limit` rows from `offset`. */
interface Slot<T> {
  offset: number;
  limit: number;
  page?: Promise<Fetched<T>>;
  /** Times this slot came back empty in the middle of the collection. */
  emptyTries: number;
}

/** Passes over a collection whose rows changed place before a listing gives up (see `paginate`). */
const MAX_PASSES = 3;

/** What one pass tells `paginate`: its summary, the signs of rows changing place, and the numeric ids it handed out. */
type PassSummary = ListSummary & { traces: number; seen: IdSet };

/**
 * Pages of a list endpoint in order, from DRF limit/offset envelopes. Breaking
 * out of the loop cancels the pages in flight. Throws CampfireIncompleteError rather than end with
 * rows missing.
 *
 * A pass that saw rows change place (see `traces`) is followed by another over the part of the
 * collection it read, which hands out only rows not handed out yet: a row that moved ahead of
 * the cursor, which no single pass can tell from a row added there, is found then. Those rows
 * come after the others. Passes that keep seeing changes end in a CampfireIncompleteError.
 */
export async function* paginate<S extends z.ZodType>(
  client: CampfireClient,
  req: ListRequest<S>,
  options: PaginateOptions,
): AsyncGenerator<ListPage<z.output<S>>, ListSummary> {
  const listed = options.listed;
  const startOffset = Math.max(0, options.startOffset ?? 0);
  const continued = startOffset > 0 && listed !== undefined && listed.size > 0;
  /** Every row handed out so far, for the passes after the first to skip: the consumer's set, or the first pass's own. */
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
    // Without the consumer's set, the first pass's own holds every row handed out (later passes add to it).
    handedOut ??= seen;
    total = total
      ? { ...total, finalCount: summary.finalCount, delivered: before + summary.delivered, duplicatesSkipped: total.duplicatesSkipped + summary.duplicatesSkipped, complete: summary.complete }
      : summary;
    // Changes seen by the listing this one continues count as seen here.
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

/**
 * One pass over the collection: `continued` when it carries on from rows an earlier listing
 * handed out. `run` reads it as a sequence of steps: the first page, the plan it allows, then
 * each page in order, anchored on a row already handed out or set aside (docs/pagination.md).
 */
class ListingPass<S extends z.ZodType> {
  private readonly pageSize: number;
  private readonly concurrency: number;
  private readonly maxItems: number;
  private readonly startOffset: number;
  // Every list endpoint is paginated: a bare array where a page is due is a schema error (it names
  // what it got), never "one page, complete".
  private readonly envelope: z.ZodType<{ count: number; results: ItemOf<S>[] }>;
  // Our own controller, so that a consumer that stops early cancels what is still in flight.
  private readonly stop = new AbortController();
  private readonly signal: AbortSignal;

  // Numeric ids go into a compact hash table; anything else (never seen from Campfire) into a Set.
  private seenIds = new IdSet();
  private readonly seenOther = new Set<unknown>();
  private readonly listed: IdSet | undefined;
  /** The row the earlier listing ended with, where a continued listing's first page must start. */
  private readonly listedLast: number | undefined;
  private duplicatesSkipped = 0;
  /** Rows read for the first time by this listing that the consumer already held (`listed`). */
  private alreadyListed = 0;
  private delivered = 0;
  /** `count` on the first page. */
  private initialCount = 0;
  // `count` on the last page read, for what an incomplete listing says was expected.
  private lastCount = 0;
  /** The smallest `count` any page reported: below the first one, the end must be proven (`endProven`). */
  private lowestCount = 0;
  /** The `count` the listing may not end below unproven (a continued listing's can be the earlier one's). */
  private provenCount = 0;
  /** More distinct rows were read than a page's `count` says there are: no `count` proves the end any more. */
  private countContradicted = false;

  // Rows a request brings beyond the row it shares with the one before it. With pages of one row
  // there is nothing to share, and continuity cannot be checked.
  private step: number;
  // Requests planned so far, in offset order; the head is handed out next. A new request starts
  // as soon as any request finishes (not only the oldest), so one slow page does not stall the
  // others; at most `lookahead` pages wait to be handed out, which bounds memory when the consumer
  // (e.g. an export writing to disk) is slower than the network.
  private readonly queue: Slot<ItemOf<S>>[] = [];
  private readonly lookahead: number;
  private running = 0;
  private finished = false;
  // A continued listing's first request starts one row early and asks for one more row.
  private readonly firstOffset: number;
  private readonly firstLimit: number;
  /** Where reading back stops: the listing's start, or for a continued listing the collection's. */
  private readonly backStop: number;
  // The first row no request has been planned for yet.
  private frontier: number;
  // Where planning stops: until the first page tells `count`, only the pages `expectMany` asks for.
  private end: number;
  /** The rows handed out, or read again, up to here. */
  private covered = 0;
  /** Where rows that keep coming past every `count` end the listing (see `planAfterFirstPage`). */
  private growthCap = 0;
  /** Where the end was last proven by reading the page there once more (see `endProven`). */
  private provenAt = -1;
  private withoutProgress = 0;
  /** The window handed out last: a page starting inside it must begin with the row it holds there. */
  private lastWindow: { offset: number; items: readonly ItemOf<S>[] } | undefined;
  /**
   * Signs that rows changed place while the list was read: a page that began with an earlier row
   * than the one it shares with the page before (rows added, or moved ahead of the cursor), or one
   * that began with a row never handed out (rows removed or moved). A row that moved ahead of the
   * rows already read cannot be told from a row added there, so a listing with traces reads the
   * collection once more (see `paginate`).
   */
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
    this.signal = options.signal ? AbortSignal.any([options.signal, this.stop.signal]) : this.stop.signal;
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
    try {
      const first = await this.readFirstPage();
      const window = await this.firstWindow(first);
      const firstFresh = this.dedupe(window.items, window.skipFirst ? 1 : 0);
      // More distinct rows than `count` says there are (rows read twice do not count).
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
      this.stop.abort();
    }
  }

  /**
   * The first page goes to the scheduler first (it is what a view shows first); its own slot is
   * not counted, as it is the one request a listing always makes. A listing that continues an
   * earlier one starts a row early too, so that its join is proven like any other.
   */
  private async readFirstPage(): Promise<Fetched<ItemOf<S>>> {
    const firstRequest = this.fetchPage(this.firstOffset, this.firstLimit);
    this.fill();
    let first = await firstRequest;
    // An empty first page while `count` says there are rows is asked for again, then refused.
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
    // A continued listing whose `count` fell below the one the earlier listing ended with must
    // prove its end like any listing whose `count` fell.
    const earlierCount = this.listed?.reportedCount ?? 0;
    this.provenCount = this.continued && this.listed !== undefined && earlierCount > first.count ? earlierCount : first.count;
    // Sized once from `count` so a long listing never rehashes (capped: a consumer may stop early).
    this.seenIds = new IdSet(Math.max(0, Math.min(this.initialCount - this.startOffset, this.maxItems, ID_SET_PRESIZE_CAP)));
    return first;
  }

  /**
   * The rows the first page hands out. A continued listing's first page must start on a row the
   * earlier listing handed out; when it does not, rows were removed before where that listing
   * stopped and rows it never read moved back into what it read, so the window found further back
   * is handed out instead and the first page's rows are read again after it.
   */
  private async firstWindow(first: Fetched<ItemOf<S>>): Promise<{ from: number; items: ItemOf<S>[]; anchored: boolean; skipFirst: boolean }> {
    const firstId = first.items.length > 0 ? (first.items[0] as Identified).id : undefined;
    const anchored = !this.continued || (first.items.length > 0 && (firstId === undefined || this.seen(first.items[0] as ItemOf<S>)));
    if (!anchored) {
      this.traces++;
      return { ...(await this.searchBack(this.firstOffset)), anchored, skipFirst: false };
    }
    // Anchored on an earlier row than the one the earlier listing ended with: see `traces`.
    if (this.continued && this.listedLast !== undefined && firstId !== this.listedLast) this.traces++;
    // The shared row belongs to the earlier listing: read again later, it is a duplicate, not a
    // row this listing found already held (which would count towards `count` a second time).
    if (this.continued && typeof firstId === 'number') this.seenIds.add(firstId);
    return { from: this.firstOffset, items: first.items, anchored, skipFirst: this.continued };
  }

  /** Plans the requests after the first page, now that its `count` and length are known. */
  private planAfterFirstPage(first: Fetched<ItemOf<S>>): void {
    // A first page shorter than asked, before the end: the server's real page size.
    if (first.items.length > 0 && first.items.length < this.pageSize) this.step = first.items.length;
    // Offsets are planned up to `count`. If rows are added while paging, later pages report a
    // larger count and the plan grows with it, but not without bound: rows that keep coming far
    // past every count Campfire reported end the listing with an error.
    this.growthCap = this.startOffset + 2 * Math.max(this.initialCount, this.pageSize) + this.concurrency * this.pageSize;
    this.end = this.endsAt(this.initialCount);
    // Requests made before `count` was known that lie past the end are dropped unread (their
    // rejections are handled; they are aborted when the listing ends). The rows the first page
    // did not bring up to the next request are planned before it.
    for (let i = this.queue.length - 1; i >= 0; i--) if ((this.queue[i] as Slot<ItemOf<S>>).offset >= this.end) this.queue.splice(i, 1);
    this.frontier = Math.max(this.covered, ...this.queue.map((s) => s.offset + s.limit));
    const head = this.queue[0];
    if (head && head.offset > this.covered - this.overlap()) this.planHole(0, this.covered, head.offset + this.overlap());
    this.fill();
  }

  /** Nothing planned and the end not proven: `count` grew, or a page left rows out. True when the listing ends. */
  private planBeyondCovered(): boolean {
    if (this.covered >= this.endsAt(this.lastCount)) return this.endProven();
    if (this.covered >= this.growthCap) throw this.incomplete(l10n.t('Campfire kept sending rows past the {0} it reported', this.lastCount));
    this.end = Math.min(Math.max(this.end, this.endsAt(this.lastCount)), this.growthCap);
    const next: Slot<ItemOf<S>> = { offset: this.covered - this.overlap(), limit: this.step, emptyTries: 0 };
    this.frontier = next.offset + this.step;
    this.queue.push(next);
    return false;
  }

  /** The page at the head of the queue, requested now if it was not yet; its `count` noted. */
  private async take(slot: Slot<ItemOf<S>>): Promise<Fetched<ItemOf<S>>> {
    if (!slot.page) this.start(slot);
    const page = await (slot.page as Promise<Fetched<ItemOf<S>>>);
    this.queue.shift();
    this.lastCount = page.count;
    this.lowestCount = Math.min(this.lowestCount, page.count);
    return page;
  }

  /**
   * Continuity: the page holds a row already handed out (normally its first, the one it shares
   * with the page before; rows that stay in place after it cannot have been skipped). If it holds
   * none, the page is set aside: the nearest window before it that holds one is handed out, and
   * the rows after that window are read again, anchored, before anything after them.
   */
  private anchored(items: readonly ItemOf<S>[]): boolean {
    const firstId = items.length > 0 ? (items[0] as Identified).id : undefined;
    return this.overlap() === 0 || items.length === 0 || firstId === undefined || items.some((item) => this.seen(item));
  }

  /** After a page was set aside and the window `found` handed out instead: plans the rows up to the next request again. */
  private rereadAfter(found: { from: number; items: ItemOf<S>[] }, slot: Slot<ItemOf<S>>, items: readonly ItemOf<S>[], before: number): void {
    this.covered = found.from + found.items.length;
    const next = this.queue[0];
    const holeEnd = next ? next.offset + this.overlap() : slot.offset + Math.max(slot.limit, items.length);
    if (holeEnd > this.covered) this.planHole(0, this.covered, holeEnd);
    else if (!next) this.frontier = Math.min(this.frontier, this.covered);
    if (this.countProgress(before) >= MAX_PAGES_WITHOUT_PROGRESS) throw this.repeating();
    this.fill();
  }

  /** The rows of an anchored page not handed out before. */
  private handOut(slot: Slot<ItemOf<S>>, page: Fetched<ItemOf<S>>): ItemOf<S>[] {
    const items = page.items;
    // Anchored on an earlier row than the one the page before ended with: rows were added, or
    // moved ahead of the cursor.
    const expected = this.expectedAt(slot.offset);
    if (this.overlap() > 0 && expected !== undefined && (items.length > 0 ? (items[0] as Identified).id : undefined) !== expected) this.traces++;
    // The shared first row is what proves continuity, not a duplicate.
    const fresh = this.dedupe(items, this.overlap() > 0 && items.length > 0 ? 1 : 0);
    if (this.startOffset + this.readRows() > page.count) this.countContradicted = true;
    if (items.length > 0) this.lastWindow = { offset: slot.offset, items };
    return fresh;
  }

  /** After a page that came back empty. True when the listing ends. */
  private emptyPageRead(slot: Slot<ItemOf<S>>, page: Fetched<ItemOf<S>>): boolean {
    // Past the end: the collection shrank under us (what moved back was just read again).
    if (slot.offset >= page.count) return this.endProven();
    // An empty page in the middle: asked again a few times, then a loud failure.
    if (slot.emptyTries >= EMPTY_PAGE_RETRIES) throw this.emptyPage(slot.offset, page.count);
    this.queue.unshift({ offset: slot.offset, limit: slot.limit, emptyTries: slot.emptyTries + 1 });
    this.fill();
    return false;
  }

  /** After a page that brought rows: the end reached, or what to request next. True when the listing ends. */
  private pageRead(slot: Slot<ItemOf<S>>, page: Fetched<ItemOf<S>>, before: number): boolean {
    const items = page.items;
    const reached = slot.offset + items.length;
    // Progress is a row new to this listing, handed out or already held by the consumer.
    if (this.countProgress(before) >= MAX_PAGES_WITHOUT_PROGRESS && reached < this.endsAt(page.count)) {
      // Short pages that stop short of `count` again and again: the rows end before Campfire says.
      throw items.length < slot.limit ? this.incomplete(l10n.t('the rows end at {0} while Campfire reported {1}', reached, page.count)) : this.repeating();
    }
    this.covered = Math.max(this.covered, reached);
    // A short page that reaches `count`: the end, proven (if `count` never fell).
    if (this.covered >= this.endsAt(page.count) && items.length < slot.limit) return this.endProven();
    if (items.length < slot.limit) {
      // A capped page: the server's real page size, and the rows it left out come next.
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

  /**
   * A `count` that fell during the listing may be wrong (rows that still exist beyond it) or the
   * rows may really have gone: before ending at a count below the first, the page at the end is
   * read once more, and the listing goes on if it brings rows.
   */
  private endProven(): boolean {
    // Each read that should prove the end brought rows again, far past every `count`.
    if (this.covered >= this.growthCap) throw this.incomplete(l10n.t('Campfire kept sending rows past the {0} it reported', this.lastCount));
    if ((this.lowestCount >= this.provenCount && !this.countContradicted) || this.provenAt === this.covered) return true;
    this.provenAt = this.covered;
    this.queue.unshift({ offset: Math.max(this.firstOffset, this.covered - this.overlap()), limit: this.step, emptyTries: 0 });
    return false;
  }

  /** The summary of a pass that read to its end (or to `maxItems`), once it proved no row was lost. */
  private lastSummary(): PassSummary {
    const complete = this.delivered < this.maxItems || this.covered >= this.lastCount;
    // Every row that was there from start to end has been handed out: fewer than the smaller of
    // the two counts means rows were lost somewhere.
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

  /** Read before by this listing, or held by the consumer: either way, handed out. */
  private seen(item: ItemOf<S>): boolean {
    const key = (item as Identified).id;
    return typeof key === 'number' ? this.seenIds.has(key) || this.listed?.has(key) === true : this.seenOther.has(key);
  }

  /** The items not handed out before, from `from` on (an anchoring first row is not a duplicate). */
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

  /** Distinct rows this listing has read: handed out, or already held by the consumer. */
  private readRows(): number {
    return this.delivered + this.alreadyListed;
  }

  /** Pages in a row, up to now, that brought no row new to this listing (`before`: rows read before the page). */
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

  /**
   * Where planning stops for `maxItems`. Rows skipped (read twice, or held already) do not count
   * towards it: each one moves the end a row further.
   */
  private wanted(): number {
    return Number.isFinite(this.maxItems) ? this.startOffset + this.maxItems + this.duplicatesSkipped + this.alreadyListed : Infinity;
  }

  private endsAt(count: number): number {
    return Math.min(count, this.wanted());
  }

  /**
   * Sends the slot's request. The slot frees as soon as the page's body has arrived, so the next
   * request is on the wire while this page is parsed and validated. Errors surface when the page
   * is awaited in order; a failed page only frees its slot, it does not start another request.
   */
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

  /** Starts requests while the scheduler has room: the holes first, then new pages up to `end`. */
  private fill(): void {
    while (!this.finished && !this.signal.aborted && this.running < this.concurrency) {
      // Requests that fill a hole come first: the head of the queue may be waiting for them.
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

  /** Plans the requests for [from, to), each starting one row early, before `index` in the queue. */
  private planHole(index: number, from: number, to: number): void {
    const slots: Slot<ItemOf<S>>[] = [];
    for (let offset = from - this.overlap(); offset < to; offset += this.step - this.overlap()) slots.push({ offset, limit: this.step, emptyTries: 0 });
    this.queue.splice(index, 0, ...slots);
  }

  /**
   * A page whose first row was never handed out: rows were removed before it (the rest moved back
   * past the cursor), or it was fetched before rows ahead of it changed. Reads back from `offset`,
   * a window at a time, until a window holds a row already handed out (or the listing's start);
   * that window alone is handed out, and what follows it is read again, anchored, by the caller.
   * At the listing's start there is nothing further back, unless it continues an earlier one.
   */
  private async searchBack(offset: number): Promise<{ from: number; items: ItemOf<S>[] }> {
    for (let to = offset, n = 0; ; n++) {
      if (n === MAX_BACKFILL_PAGES) throw this.incomplete(l10n.t('rows moved by more than {0} places while the list was read', MAX_BACKFILL_PAGES * this.step));
      const from = Math.max(this.backStop, to - this.step);
      const got = await this.fetchPage(from, Math.max(1, to - from));
      if (from === this.backStop || got.items.some((item) => this.seen(item))) return { from, items: got.items };
      to = from;
    }
  }

  /** The id at `offset` in the window handed out last, when it covers `offset`: what a page starting there must begin with. */
  private expectedAt(offset: number): unknown {
    const w = this.lastWindow;
    const i = w ? offset - w.offset : -1;
    return w && i >= 0 && i < w.items.length ? (w.items[i] as Identified).id : undefined;
  }
}

/** The first page of a listing and nothing more (the request for later pages is never made). */
export async function firstPage<T>(pages: AsyncGenerator<ListPage<T>, ListSummary>): Promise<ListPage<T> | undefined> {
  try {
    const r = await pages.next();
    return r.done ? undefined : r.value;
  } finally {
    await pages.return({ initialCount: 0, finalCount: 0, delivered: 0, duplicatesSkipped: 0, complete: false });
  }
}
