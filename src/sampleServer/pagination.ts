// Django REST Framework's LimitOffsetPagination, to the letter: default and maximum limit,
// lenient parsing of limit/offset, absolute next/previous links that keep other query params.

export interface PageRequest {
  limit: number;
  offset: number;
}

function positiveInt(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value)) return undefined;
  const n = Number(value);
  return n > 0 ? n : undefined;
}

export function pageRequest(query: URLSearchParams, defaultLimit: number, maxLimit: number): PageRequest {
  const limit = Math.min(positiveInt(query.get('limit')) ?? defaultLimit, maxLimit);
  const raw = query.get('offset');
  const offset = raw !== null && /^\d+$/.test(raw) ? Number(raw) : 0;
  return { limit, offset };
}

/** The envelope for `count` rows of which `results` is the slice at `offset`. */
export function pageEnvelope<T>(url: URL, count: number, page: PageRequest, results: T[]) {
  const link = (offset: number | undefined) => {
    const u = new URL(url.href);
    u.searchParams.set('limit', String(page.limit));
    if (offset === undefined) u.searchParams.delete('offset');
    else u.searchParams.set('offset', String(offset));
    return u.href;
  };
  const next = page.offset + page.limit >= count ? null : link(page.offset + page.limit);
  const previous = page.offset <= 0 ? null : page.offset - page.limit <= 0 ? link(undefined) : link(page.offset - page.limit);
  return { count, next, previous, results };
}
