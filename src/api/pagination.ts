// Limit/offset listing that proves it read every row, or says how many it could not.
//
// Campfire's page size is undocumented and a DRF server may cap `limit` (`max_limit`), the order of
// rows is not documented, and rows are added and removed while a listing runs. So nothing here
// trusts the requested `limit`, a page's length or a stable offset:
// - The rows a page really brought decide where the next request starts. A page shorter than asked
//   (a capped server) teaches the listing the server's page size, and the rows it left out are
//   requested before anything after them is handed out.
// - Every request after the first starts one row early: its first row must be one already handed
//   out. When it is not, rows were removed before the cursor and the rows after it moved back past
//   it (or the page was fetched before rows ahead of it changed): the page is set aside, windows
//   before it are read again until one holds a row already handed out, and everything after that
//   window is read again, so nothing that still exists is skipped. Ids deduplicate whatever was
//   read twice. A page that starts on an earlier row than the one it should share (rows added, or
//   moved, ahead of the cursor) makes the listing read the collection once more at its end.
// The model, and what it guarantees for which changes, is in the README ("Reliability and
// security"); test/unit/api.pagination.property.test.ts checks it over random histories.
// - A listing that continues an earlier one ("Load more", a Retry) is given the ids the consumer
//   already holds (`listed`) and skips those too, so rows deduplicate here and nowhere else.
// - A page that brings nothing new (a server repeating itself), a page in the middle that stays
//   empty, or rows running far past `count` end the listing with a CampfireIncompleteError that says
//   how many rows of how many were read. A listing never ends quietly with rows missing.
// Pages are fetched concurrently and handed out strictly in order, so the tree, the table and
// exports stream while later pages are on the way. Offsets are computed rather than taken from
// `next`, so the API key never follows a link to another host.
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
    const pages = listOnce(client, req, passOptions, pass === 1 && continued);
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

/** One pass over the collection: `continued` when it carries on from rows an earlier listing handed out. */
async function* listOnce<S extends z.ZodType>(
  client: CampfireClient,
  req: ListRequest<S>,
  options: PaginateOptions,
  continued: boolean,
): AsyncGenerator<ListPage<z.output<S>>, PassSummary> {
  type Item = z.output<S>;
  const pageSize = Math.max(1, Math.floor(options.pageSize));
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? client.scheduler.maxConcurrent));
  const maxItems = options.maxItems ?? Infinity;
  const startOffset = Math.max(0, options.startOffset ?? 0);
  // Every list endpoint is paginated: a bare array where a page is due is a schema error (it names
  // what it got), never "one page, complete".
  const envelope = pageSchema(req.itemSchema);

  // Our own controller, so that a consumer that stops early cancels what is still in flight.
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;

  const fetchPage = (offset: number, limit: number, onReceived?: () => void): Promise<Fetched<Item>> =>
    client.getAndRead({ path: req.path, endpoint: req.endpoint, query: { ...req.query, limit, offset }, signal, onReceived, rowOffset: offset }, (body, target) => {
      const page = parseOrThrow(envelope, body, target, offset);
      return { count: page.count, items: page.results };
    });

  // Numeric ids go into a compact hash table; anything else (never seen from Campfire) into a Set.
  let seenIds = new IdSet();
  const seenOther = new Set<unknown>();
  const listed = options.listed;
  /** The row the earlier listing ended with, where a continued listing's first page must start. */
  const listedLast = listed?.last;
  /** Read before by this listing, or held by the consumer: either way, handed out. */
  const seen = (item: Item): boolean => {
    const key = (item as Identified).id;
    return typeof key === 'number' ? seenIds.has(key) || listed?.has(key) === true : seenOther.has(key);
  };
  let duplicatesSkipped = 0;
  /** Rows read for the first time by this listing that the consumer already held (`listed`). */
  let alreadyListed = 0;
  let delivered = 0;
  // `count` on the last page read, for what an incomplete listing says was expected.
  let lastCount = 0;
  /** The smallest `count` any page reported: below the first one, the end must be proven (below). */
  let lowestCount = 0;
  /** More distinct rows were read than a page's `count` says there are: no `count` proves the end any more. */
  let countContradicted = false;
  /** The items not handed out before, from `from` on (an anchoring first row is not a duplicate). */
  const dedupe = (items: readonly Item[], from = 0): Item[] => {
    const out: Item[] = [];
    for (let i = from; i < items.length; i++) {
      if (delivered + out.length >= maxItems) break;
      const item = items[i] as Item;
      const key = (item as Identified).id;
      if (key !== undefined) {
        const fresh = typeof key === 'number' ? seenIds.add(key) : !seenOther.has(key) && !!seenOther.add(key);
        if (!fresh) {
          duplicatesSkipped++;
          continue;
        }
        // Handed out by an earlier listing: read (it counts towards `count`), not handed out again.
        if (listed && typeof key === 'number' && !listed.add(key)) {
          alreadyListed++;
          continue;
        }
      }
      out.push(item);
    }
    delivered += out.length;
    return out;
  };
  /** Distinct rows this listing has read: handed out, or already held by the consumer. */
  const readRows = () => delivered + alreadyListed;
  const incomplete = (reason: string) => new CampfireIncompleteError(req.endpoint, readRows(), Math.max(0, lastCount - startOffset), reason, startOffset);
  const emptyPage = (offset: number, count: number) => incomplete(l10n.t('Campfire sent an empty page at offset {0} while it reported {1} rows', offset, count));

  // Rows a request brings beyond the row it shares with the one before it. With pages of one row
  // there is nothing to share, and continuity cannot be checked.
  let step = pageSize;
  const overlap = () => (step > 1 ? 1 : 0);
  // Requests planned so far, in offset order; the head is handed out next. A new request starts
  // as soon as any request finishes (not only the oldest), so one slow page does not stall the
  // others; at most `lookahead` pages wait to be handed out, which bounds memory when the consumer
  // (e.g. an export writing to disk) is slower than the network.
  const queue: Slot<Item>[] = [];
  const lookahead = concurrency * 2;
  let running = 0;
  let finished = false;
  // A continued listing's first request starts one row early and asks for one more row.
  const firstOffset = continued ? startOffset - 1 : startOffset;
  const firstLimit = continued ? pageSize + 1 : pageSize;
  /** Where reading back stops: the listing's start, or for a continued listing the collection's. */
  const backStop = continued ? 0 : startOffset;
  // The first row no request has been planned for yet.
  let frontier = firstOffset + firstLimit;
  // Where planning stops: until the first page tells `count`, only the pages `expectMany` asks for.
  // Rows skipped (read twice, or held already) do not count towards `maxItems`: each one moves the
  // end a row further.
  const wanted = () => (Number.isFinite(maxItems) ? startOffset + maxItems + duplicatesSkipped + alreadyListed : Infinity);
  let end = options.expectMany ? Math.min(wanted(), frontier + (concurrency - 1) * (pageSize - overlap())) : frontier;
  const start = (slot: Slot<Item>) => {
    running++;
    // The slot frees as soon as the page's body has arrived, so the next request is on the wire
    // while this page is parsed and validated. Errors surface when the page is awaited in order;
    // a failed page only frees its slot, it does not start another request.
    let freed = false;
    const free = (andFill: boolean) => {
      if (freed) return;
      freed = true;
      running--;
      if (andFill) fill();
    };
    slot.page = fetchPage(slot.offset, slot.limit, () => free(true));
    slot.page.then(
      () => free(true),
      () => free(false),
    );
  };
  const fill = () => {
    while (!finished && !signal.aborted && running < concurrency) {
      // Requests that fill a hole come first: the head of the queue may be waiting for them.
      const pending = queue.find((s) => s.page === undefined);
      if (pending) {
        start(pending);
        continue;
      }
      if (queue.length >= lookahead || frontier >= end) break;
      const slot: Slot<Item> = { offset: frontier - overlap(), limit: step, emptyTries: 0 };
      frontier = slot.offset + step;
      queue.push(slot);
      start(slot);
    }
  };
  /** Plans the requests for [from, to), each starting one row early, before `index` in the queue. */
  const planHole = (index: number, from: number, to: number) => {
    const slots: Slot<Item>[] = [];
    for (let offset = from - overlap(); offset < to; offset += step - overlap()) slots.push({ offset, limit: step, emptyTries: 0 });
    queue.splice(index, 0, ...slots);
  };
  /**
   * A page whose first row was never handed out: rows were removed before it (the rest moved back
   * past the cursor), or it was fetched before rows ahead of it changed. Reads back from `offset`,
   * a window at a time, until a window holds a row already handed out (or the listing's start);
   * that window alone is handed out, and what follows it is read again, anchored, by the caller.
   * At the listing's start there is nothing further back, unless it continues an earlier one.
   */
  const searchBack = async (offset: number): Promise<{ from: number; items: Item[] }> => {
    for (let to = offset, n = 0; ; n++) {
      if (n === MAX_BACKFILL_PAGES) throw incomplete(l10n.t('rows moved by more than {0} places while the list was read', MAX_BACKFILL_PAGES * step));
      const from = Math.max(backStop, to - step);
      const got = await fetchPage(from, Math.max(1, to - from));
      if (from === backStop || got.items.some(seen)) return { from, items: got.items };
      to = from;
    }
  };
  /** The id at `offset` in the window handed out last, when it covers `offset`: what a page starting there must begin with. */
  let lastWindow: { offset: number; items: readonly Item[] } | undefined;
  const expectedAt = (offset: number): unknown => {
    const i = lastWindow ? offset - lastWindow.offset : -1;
    return lastWindow && i >= 0 && i < lastWindow.items.length ? (lastWindow.items[i] as Identified).id : undefined;
  };
  /**
   * Signs that rows changed place while the list was read: a page that began with an earlier row
   * than the one it shares with the page before (rows added, or moved ahead of the cursor), or one
   * that began with a row never handed out (rows removed or moved). A row that moved ahead of the
   * rows already read cannot be told from a row added there, so a listing with traces reads the
   * collection once more (see `paginate`).
   */
  let traces = 0;

  try {
    // The first page goes to the scheduler first (it is what a view shows first); its own slot is
    // not counted, as it is the one request a listing always makes. A listing that continues an
    // earlier one starts a row early too, so that its join is proven like any other.
    const firstRequest = fetchPage(firstOffset, firstLimit);
    fill();
    let first = await firstRequest;
    // An empty first page while `count` says there are rows is asked for again, then refused.
    for (let tries = 0; first.items.length === 0 && firstOffset < first.count; tries++) {
      if (tries === EMPTY_PAGE_RETRIES) {
        lastCount = first.count;
        throw emptyPage(firstOffset, first.count);
      }
      first = await fetchPage(firstOffset, firstLimit);
    }
    const initialCount = first.count;
    lastCount = first.count;
    lowestCount = first.count;
    // A continued listing whose `count` fell below the one the earlier listing ended with must
    // prove its end like any listing whose `count` fell.
    const provenCount = continued && listed !== undefined && (listed.reportedCount ?? 0) > first.count ? (listed.reportedCount as number) : first.count;
    // Sized once from `count` so a long listing never rehashes (capped: a consumer may stop early).
    seenIds = new IdSet(Math.max(0, Math.min(initialCount - startOffset, maxItems, ID_SET_PRESIZE_CAP)));
    const firstAnchored = !continued || (first.items.length > 0 && ((first.items[0] as Identified).id === undefined || seen(first.items[0] as Item)));
    // Not anchored: rows were removed before where the earlier listing stopped, and rows it never
    // read moved back into what it read. The window found further back is handed out instead, and
    // the first page's rows are read again after it.
    let handedWindow: { from: number; items: Item[] } = { from: firstOffset, items: first.items };
    // Anchored on an earlier row than the one the earlier listing ended with: see `traces`.
    if (continued && firstAnchored && listedLast !== undefined && (first.items[0] as Identified).id !== listedLast) traces++;
    if (!firstAnchored) {
      traces++;
      handedWindow = await searchBack(firstOffset);
    }
    // The shared row belongs to the earlier listing: read again later, it is a duplicate, not a
    // row this listing found already held (which would count towards `count` a second time).
    const anchorId = continued && firstAnchored ? (first.items[0] as Identified).id : undefined;
    if (typeof anchorId === 'number') seenIds.add(anchorId);
    const firstFresh = dedupe(handedWindow.items, continued && firstAnchored ? 1 : 0);
    // More distinct rows than `count` says there are (rows read twice do not count).
    countContradicted = startOffset + readRows() > first.count;
    lastWindow = { offset: handedWindow.from, items: handedWindow.items };
    yield { items: firstFresh, offset: startOffset, count: initialCount, delivered };
    const skipped = () => duplicatesSkipped + alreadyListed;

    let covered = handedWindow.from + handedWindow.items.length;
    const endsAt = (count: number) => Math.min(count, wanted());
    if (firstAnchored && !countContradicted && provenCount === first.count && (covered >= endsAt(first.count) || first.items.length === 0)) {
      if (listed) listed.reportedCount = first.count;
      return { initialCount, finalCount: initialCount, delivered, duplicatesSkipped: skipped(), complete: delivered < maxItems || covered >= first.count, traces, seen: seenIds };
    }
    // A first page shorter than asked, before the end: the server's real page size.
    if (first.items.length > 0 && first.items.length < pageSize) step = first.items.length;
    // Offsets are planned up to `count`. If rows are added while paging, later pages report a
    // larger count and the plan grows with it, but not without bound: rows that keep coming far
    // past every count Campfire reported end the listing with an error.
    const growthCap = startOffset + 2 * Math.max(initialCount, pageSize) + concurrency * pageSize;
    end = endsAt(initialCount);
    // Requests made before `count` was known that lie past the end are dropped unread (their
    // rejections are handled; they are aborted when the listing ends). The rows the first page
    // did not bring up to the next request are planned before it.
    for (let i = queue.length - 1; i >= 0; i--) if ((queue[i] as Slot<Item>).offset >= end) queue.splice(i, 1);
    frontier = Math.max(covered, ...queue.map((s) => s.offset + s.limit));
    if (queue.length > 0 && (queue[0] as Slot<Item>).offset > covered - overlap()) planHole(0, covered, (queue[0] as Slot<Item>).offset + overlap());
    fill();

    // A `count` that fell during the listing may be wrong (rows that still exist beyond it) or the
    // rows may really have gone: before ending at a count below the first, the page at the end is
    // read once more, and the listing goes on if it brings rows.
    let provenAt = -1;
    const endProven = (): boolean => {
      // Each read that should prove the end brought rows again, far past every `count`.
      if (covered >= growthCap) throw incomplete(l10n.t('Campfire kept sending rows past the {0} it reported', lastCount));
      if ((lowestCount >= provenCount && !countContradicted) || provenAt === covered) return true;
      provenAt = covered;
      queue.unshift({ offset: Math.max(firstOffset, covered - overlap()), limit: step, emptyTries: 0 });
      return false;
    };

    let withoutProgress = 0;
    while (delivered < maxItems) {
      const slot = queue[0];
      if (!slot) {
        // Nothing planned and the end not proven: count grew, or a page left rows out.
        if (covered >= endsAt(lastCount)) {
          if (endProven()) break;
          continue;
        }
        if (covered >= growthCap) throw incomplete(l10n.t('Campfire kept sending rows past the {0} it reported', lastCount));
        end = Math.min(Math.max(end, endsAt(lastCount)), growthCap);
        const next: Slot<Item> = { offset: covered - overlap(), limit: step, emptyTries: 0 };
        frontier = next.offset + step;
        queue.push(next);
        continue;
      }
      if (!slot.page) start(slot);
      const page = await (slot.page as Promise<Fetched<Item>>);
      queue.shift();
      lastCount = page.count;
      lowestCount = Math.min(lowestCount, page.count);
      const items = page.items;
      // Continuity: the page holds a row already handed out (normally its first, the one it shares
      // with the page before; rows that stay in place after it cannot have been skipped). If it
      // holds none, the page is set aside: the nearest window before it that holds one is handed
      // out, and the rows after that window are read again, anchored, before anything after them.
      const before = readRows();
      const firstId = items.length > 0 ? (items[0] as Identified).id : undefined;
      const anchored = overlap() === 0 || items.length === 0 || firstId === undefined || items.some(seen);
      if (!anchored) {
        traces++;
        const found = await searchBack(slot.offset);
        const recovered = dedupe(found.items);
        lastWindow = { offset: found.from, items: found.items };
        if (recovered.length > 0) yield { items: recovered, offset: found.from, count: initialCount, delivered };
        covered = found.from + found.items.length;
        const next = queue[0];
        const holeEnd = next ? next.offset + overlap() : slot.offset + Math.max(slot.limit, items.length);
        if (holeEnd > covered) planHole(0, covered, holeEnd);
        else if (!next) frontier = Math.min(frontier, covered);
        withoutProgress = readRows() > before ? 0 : withoutProgress + 1;
        if (withoutProgress >= MAX_PAGES_WITHOUT_PROGRESS) throw incomplete(l10n.t('Campfire kept sending rows already listed ({0} pages in a row brought nothing new)', MAX_PAGES_WITHOUT_PROGRESS));
        fill();
        continue;
      }
      // Anchored on an earlier row than the one the page before ended with: rows were added, or
      // moved ahead of the cursor.
      const expected = expectedAt(slot.offset);
      if (overlap() > 0 && expected !== undefined && firstId !== expected) traces++;
      // The shared first row is what proves continuity, not a duplicate.
      const fresh = dedupe(items, overlap() > 0 && items.length > 0 ? 1 : 0);
      if (startOffset + readRows() > page.count) countContradicted = true;
      if (items.length > 0) lastWindow = { offset: slot.offset, items };
      if (fresh.length > 0) yield { items: fresh, offset: slot.offset, count: initialCount, delivered };

      const reached = slot.offset + items.length;
      if (items.length === 0) {
        // Past the end: the collection shrank under us (what moved back was just read again).
        if (slot.offset >= page.count) {
          if (endProven()) break;
          continue;
        }
        // An empty page in the middle: asked again a few times, then a loud failure.
        if (slot.emptyTries >= EMPTY_PAGE_RETRIES) throw emptyPage(slot.offset, page.count);
        queue.unshift({ offset: slot.offset, limit: slot.limit, emptyTries: slot.emptyTries + 1 });
        fill();
        continue;
      }
      // Progress is a row new to this listing, handed out or already held by the consumer.
      withoutProgress = readRows() > before ? 0 : withoutProgress + 1;
      if (withoutProgress >= MAX_PAGES_WITHOUT_PROGRESS && reached < endsAt(page.count)) {
        // Short pages that stop short of `count` again and again: the rows end before Campfire says.
        throw incomplete(
          items.length < slot.limit
            ? l10n.t('the rows end at {0} while Campfire reported {1}', reached, page.count)
            : l10n.t('Campfire kept sending rows already listed ({0} pages in a row brought nothing new)', MAX_PAGES_WITHOUT_PROGRESS),
        );
      }
      covered = Math.max(covered, reached);
      if (covered >= endsAt(page.count) && items.length < slot.limit) {
        // A short page that reaches `count`: the end, proven (if `count` never fell).
        if (endProven()) break;
        continue;
      }
      if (items.length < slot.limit) {
        // A capped page: the server's real page size, and the rows it left out come next.
        if (items.length > overlap()) step = Math.min(step, items.length);
        const next = queue[0];
        const holeEnd = next ? next.offset + overlap() : Math.min(slot.offset + slot.limit, endsAt(page.count));
        if (holeEnd > reached) planHole(0, reached, holeEnd);
      }
      if (page.count > end && end < wanted()) end = Math.min(endsAt(page.count), growthCap);
      if (covered >= endsAt(page.count) && queue.length === 0 && frontier >= end) {
        if (endProven()) break;
        continue;
      }
      fill();
    }
    const complete = delivered < maxItems || covered >= lastCount;
    // Every row that was there from start to end has been handed out: fewer than the smaller of
    // the two counts means rows were lost somewhere.
    const floor = Math.min(initialCount, lastCount) - startOffset;
    if (delivered < maxItems && readRows() < floor) throw incomplete(l10n.t('Campfire reported {0} rows but the pages held only {1}', floor, readRows()));
    if (listed) listed.reportedCount = lastCount;
    return { initialCount, finalCount: lastCount, delivered, duplicatesSkipped: skipped(), complete, traces, seen: seenIds };
  } finally {
    finished = true;
    stop.abort();
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
