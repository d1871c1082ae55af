// The benchmark's baseline: one page at a time by following `next`, the way a naive client lists.
// The extension never follows `next` (see src/api/pagination.ts); this exists only to be measured
// against. A `next` link to another origin ends the listing instead of receiving the key, and a
// chain that does not move forward (or runs past `count`) is cut off.
import type { z } from 'zod';
import type { CampfireClient } from '../src/api/client';
import type { ListRequest } from '../src/api/pagination';
import { pageSchema } from '../src/api/schemas/page';
import { parseOrThrow } from '../src/api/validate';

export async function* paginateFollowingNext<S extends z.ZodType>(
  client: CampfireClient,
  req: ListRequest<S>,
  options: { pageSize: number; signal?: AbortSignal },
): AsyncGenerator<z.output<S>[], number> {
  const envelope = pageSchema(req.itemSchema);
  let res = await client.get({ path: req.path, endpoint: req.endpoint, query: { ...req.query, limit: options.pageSize, offset: 0 }, signal: options.signal });
  let offset = 0;
  let pages = 0;
  for (;;) {
    const page = parseOrThrow(envelope, res.body, res.target, offset);
    pages++;
    yield page.results;
    const maxPages = Math.ceil(page.count / options.pageSize) + 1;
    if (!page.next || page.results.length === 0 || pages >= maxPages) return pages;
    const nextUrl = new URL(page.next, client.origin);
    if (nextUrl.origin !== client.origin.origin) {
      throw new Error(`Campfire linked to ${nextUrl.origin}, not ${client.origin.origin}; the link was not followed`);
    }
    const nextOffset = Number(nextUrl.searchParams.get('offset') ?? NaN);
    if (!(nextOffset > offset)) return pages; // a link that does not advance would loop forever
    offset = nextOffset;
    res = await client.get({ path: nextUrl.pathname + nextUrl.search, endpoint: req.endpoint, signal: options.signal });
  }
}
