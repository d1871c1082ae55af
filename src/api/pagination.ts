// Limit/offset listing. The first page tells `count`; the rest are fetched by computed offsets with
// bounded concurrency and handed out strictly in order, so callers can stream (tree, table,
// exports) while later pages are already on the way. Offsets are computed rather than taken from
// `next`, so the API key never follows a link to another host.
import { z } from 'zod';
import type { CampfireClient, Query } from './client';
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

  const fetchPage = async (offset: number) => {
    const res = await client.get({ path: req.path, endpoint: req.endpoint, query: { ...req.query, limit: pageSize, offset }, signal });
    if (Array.isArray(res.body)) {
      // Plain-array endpoint: no limit/offset support, the whole collection at once.
      const items = parseOrThrow(arraySchema, res.body, res.target) as z.output<S>[];
      return { count: items.length, items, plain: true };
    }
    const page = parseOrThrow(envelope, res.body, res.target, offset);
    return { count: page.count, items: page.results as z.output<S>[], plain: false };
  };

  const seen = new Set<unknown>();
  let duplicatesSkipped = 0;
  let delivered = 0;
  const dedupe = (items: z.output<S>[]): z.output<S>[] => {
    const out: z.output<S>[] = [];
    for (const item of items) {
      const key = (item as Identified).id;
      if (key !== undefined) {
        if (seen.has(key)) {
          duplicatesSkipped++;
          continue;
        }
        seen.add(key);
      }
      if (delivered + out.length >= maxItems) break;
      out.push(item);
    }
    return out;
  };

  try {
    const first = await fetchPage(startOffset);
    const initialCount = first.count;
    let finalCount = first.count;
    const firstItems = dedupe(first.items);
    delivered += firstItems.length;
    yield { items: firstItems, offset: startOffset, count: initialCount, delivered };
    if (first.plain) {
      return { initialCount, finalCount, delivered, duplicatesSkipped, complete: true };
    }
    let ranDry = first.items.length === 0;

    const end = Math.min(initialCount, startOffset + (Number.isFinite(maxItems) ? maxItems : initialCount));
    const limitedByMaxItems = end < initialCount;
    const offsets: number[] = [];
    for (let o = startOffset + pageSize; o < end; o += pageSize) offsets.push(o);

    // A sliding window of requests; results are consumed in offset order.
    const inFlight: Promise<Awaited<ReturnType<typeof fetchPage>>>[] = [];
    let next = 0;
    const fill = () => {
      while (!ranDry && inFlight.length < concurrency && next < offsets.length) {
        const p = fetchPage(offsets[next++] as number);
        p.catch(() => undefined); // surfaced when awaited in order; avoid unhandled rejections meanwhile
        inFlight.push(p);
      }
    };
    fill();
    let index = 0;
    while (inFlight.length > 0 && delivered < maxItems) {
      const page = await (inFlight.shift() as Promise<Awaited<ReturnType<typeof fetchPage>>>);
      const offset = offsets[index++] as number;
      finalCount = page.count;
      if (page.items.length === 0) {
        // The collection shrank under us: nothing more to read at higher offsets.
        ranDry = true;
        break;
      }
      fill();
      const items = dedupe(page.items);
      delivered += items.length;
      yield { items, offset, count: initialCount, delivered };
    }
    const complete = ranDry || (!limitedByMaxItems && inFlight.length === 0);
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
