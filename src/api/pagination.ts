// Limit/offset listing. The first page tells `count`; the rest are fetched by computed offsets with
// bounded concurrency and handed out strictly in order, so callers can stream (tree, table,
// exports) while later pages are already on the way. Offsets are computed rather than taken from
// `next`, so the API key never follows a link to another host.
import { z } from 'zod';
import type { CampfireClient, Query } from './client';
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
  /** Stop after this many items (e.g. one page for the tree's first view). */
  maxItems?: number;
  /**
   * The collection is usually many pages long (a commit's usage events): request the first
   * `concurrency` pages together instead of waiting for the first page's `count`, which costs a
   * whole round trip before any other page can start. Pages past the end come back empty and are
   * dropped; nothing beyond `maxItems` is requested.
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
  /** Items skipped because an earlier page already had them (rows shifted while paging). */
  duplicatesSkipped: number;
  /** The listing reached the end of the collection (not cut short by maxItems). */
  complete: boolean;
}

const ID_SET_PRESIZE_CAP = 1_000_000;

interface Identified {
  id?: unknown;
}

/**
 * Pages of a list endpoint in order. Handles the DRF envelope and plain-array endpoints; skips
 * items already seen (rows inserted before the cursor shift later rows back) and ends when the
 * data runs out early (rows removed). Breaking out of the loop cancels the pages in flight.
 */
export async function* paginate<S extends z.ZodType>(
  client: CampfireClient,
  req: ListRequest<S>,
  options: PaginateOptions,
): AsyncGenerator<ListPage<z.output<S>>, ListSummary> {
  const pageSize = Math.max(1, Math.floor(options.pageSize));
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? client.scheduler.maxConcurrent));
  const maxItems = options.maxItems ?? Infinity;
  const startOffset = Math.max(0, options.startOffset ?? 0);
  const envelope = pageSchema(req.itemSchema);
  const arraySchema = z.array(req.itemSchema);

  // Our own controller, so that a consumer that stops early cancels what is still in flight.
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;

  const fetchPage = async (offset: number, limit = pageSize, onReceived?: () => void) => {
    const res = await client.get({ path: req.path, endpoint: req.endpoint, query: { ...req.query, limit, offset }, signal, onReceived });
    if (Array.isArray(res.body)) {
      // Plain-array endpoint: no limit/offset support, the whole collection at once.
      const items = parseOrThrow(arraySchema, res.body, res.target) as z.output<S>[];
      return { count: items.length, items, plain: true };
    }
    const page = parseOrThrow(envelope, res.body, res.target, offset);
    return { count: page.count, items: page.results as z.output<S>[], plain: false };
  };

  // Numeric ids go into a compact hash table; anything else (never seen from Campfire) into a Set.
  let seenIds = new IdSet();
  const seenOther = new Set<unknown>();
  let duplicatesSkipped = 0;
  let delivered = 0;
  const dedupe = (items: z.output<S>[]): z.output<S>[] => {
    const out: z.output<S>[] = [];
    for (const item of items) {
      const key = (item as Identified).id;
      if (key !== undefined) {
        let fresh: boolean;
        if (typeof key === 'number') {
          fresh = seenIds.add(key);
        } else {
          fresh = !seenOther.has(key);
          seenOther.add(key);
        }
        if (!fresh) {
          duplicatesSkipped++;
          continue;
        }
      }
      if (delivered + out.length >= maxItems) break;
      out.push(item);
    }
    return out;
  };

  type Fetched = Awaited<ReturnType<typeof fetchPage>>;
  // Pages requested and not yet handed out, in offset order. A new request starts as soon as
  // any request finishes (not only the oldest), so one slow page does not stall the others;
  // at most `lookahead` pages wait to be handed out, which bounds memory when the consumer
  // (e.g. an export writing to disk) is slower than the network.
  let inFlight: { offset: number; page: Promise<Fetched> }[] = [];
  const lookahead = concurrency * 2;
  let running = 0;
  let ranDry = false;
  let nextOffset = startOffset + pageSize;
  // Where requests stop: until the first page tells `count`, only the pages `expectMany` asks for.
  const wanted = Number.isFinite(maxItems) ? startOffset + maxItems : Infinity;
  let end = options.expectMany ? Math.min(wanted, startOffset + concurrency * pageSize) : nextOffset;
  const fill = () => {
    while (!ranDry && !signal.aborted && running < concurrency && inFlight.length < lookahead && nextOffset < end) {
      running++;
      // The slot frees as soon as the page's body has arrived, so the next request is on the
      // wire while this page is parsed and validated. Errors surface when the page is awaited
      // in order; a failed page only frees its slot, it does not start another request.
      let freed = false;
      const free = (andFill: boolean) => {
        if (freed) return;
        freed = true;
        running--;
        if (andFill) fill();
      };
      const page = fetchPage(nextOffset, pageSize, () => free(true));
      inFlight.push({ offset: nextOffset, page });
      nextOffset += pageSize;
      page.then(
        () => free(true),
        () => free(false),
      );
    }
  };

  try {
    // The first page goes to the scheduler first (it is what a view shows first); its own slot is
    // not counted, as it is the one request a listing always makes.
    const firstRequest = fetchPage(startOffset);
    fill();
    const first = await firstRequest;
    const initialCount = first.count;
    // Sized once from `count` so a long listing never rehashes (capped: a consumer may stop early).
    seenIds = new IdSet(Math.min(initialCount - startOffset, maxItems, ID_SET_PRESIZE_CAP));
    let finalCount = first.count;
    const firstItems = dedupe(first.items);
    delivered += firstItems.length;
    yield { items: firstItems, offset: startOffset, count: initialCount, delivered };
    if (first.plain) {
      return { initialCount, finalCount, delivered, duplicatesSkipped, complete: true };
    }
    ranDry = first.items.length === 0;

    // Offsets are planned up to `count`. If rows are inserted while paging, later pages report a
    // larger count and rows already seen shift back into them (deduplicated); the plan then grows
    // to the new count so the shifted tail is not lost. The growth is bounded so a count that keeps
    // rising cannot keep the listing going forever.
    const growthCap = startOffset + 2 * Math.max(initialCount, pageSize);
    end = Math.min(initialCount, wanted);
    // Pages requested ahead of `count` that turned out to lie past the end are dropped unread
    // (their rejections are already handled; the requests are aborted when the listing ends).
    inFlight = inFlight.filter((slot) => slot.offset < end);
    fill();
    // Rows removed before a page was read shift later rows back, past the pages already read.
    // When a page's count is lower than the one before it, the rows just before its offset are
    // read again (their ids deduplicate what was already seen), so nothing that still exists is
    // skipped. They come before this page's rows, so the order holds.
    let lastCount = initialCount;
    async function* catchUp(offset: number, shrink: number): AsyncGenerator<ListPage<z.output<S>>> {
      for (let from = Math.max(startOffset, offset - shrink); from < offset && delivered < maxItems; from += pageSize) {
        const again = await fetchPage(from, Math.min(pageSize, offset - from));
        const items = dedupe(again.items);
        delivered += items.length;
        if (items.length > 0) yield { items, offset: from, count: initialCount, delivered };
      }
    }

    // A sliding window of requests, consumed strictly in offset order.
    for (let slot = inFlight.shift(); slot && delivered < maxItems; slot = inFlight.shift()) {
      const page = await slot.page;
      finalCount = page.count;
      if (page.count < lastCount) yield* catchUp(slot.offset, lastCount - page.count);
      lastCount = page.count;
      if (page.items.length === 0) {
        // The collection shrank under us: nothing more to read at higher offsets.
        ranDry = true;
        break;
      }
      if (page.count > end && end < wanted) end = Math.min(page.count, wanted, growthCap);
      fill();
      const items = dedupe(page.items);
      delivered += items.length;
      yield { items, offset: slot.offset, count: initialCount, delivered };
    }
    // Complete: the data ran out, or every offset up to the last known count was read.
    const complete = ranDry || (inFlight.length === 0 && nextOffset >= finalCount);
    return { initialCount, finalCount, delivered, duplicatesSkipped, complete };
  } finally {
    stop.abort();
  }
}

/** Every item of a listing, in order, as one async iterable. */
export async function* paginateItems<S extends z.ZodType>(
  client: CampfireClient,
  req: ListRequest<S>,
  options: PaginateOptions,
): AsyncGenerator<z.output<S>, ListSummary> {
  const pages = paginate(client, req, options);
  for (;;) {
    const r = await pages.next();
    if (r.done) return r.value;
    yield* r.value.items;
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
