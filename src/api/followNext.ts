// One page at a time by following `next`, the way a naive client lists. Kept for comparison in the
// benchmarks and for list endpoints without a usable `count`. A `next` link to any other origin
// ends the listing with an error instead of receiving the API key, and a chain that does not move
// forward (or runs past `count`) is cut off.
import type { z } from 'zod';
import type { CampfireClient } from './client';
import { CampfireForeignLinkError } from './errors';
import type { ListRequest } from './pagination';
import { pageSchema } from './schemas/page';
import { parseOrThrow } from './validate';

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
      throw new CampfireForeignLinkError(res.target, nextUrl.origin, client.origin.origin);
    }
    const nextOffset = Number(nextUrl.searchParams.get('offset') ?? NaN);
    if (!(nextOffset > offset)) return pages; // a link that does not advance would loop forever
    offset = nextOffset;
    res = await client.get({ path: nextUrl.pathname + nextUrl.search, endpoint: req.endpoint, signal: options.signal });
  }
}
