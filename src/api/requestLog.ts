// What the client reports about each attempt, for the "Campfire" log channel. Paths are logged
// with their query; the Authorization header is never part of an entry.

export interface RequestLogEntry {
  method: string;
  /** Path and query, e.g. `/rr/api/v1/contracts?limit=100&offset=200`. */
  path: string;
  /** 1 for the first try. */
  attempt: number;
  status?: number;
  durationMs: number;
  outcome: 'ok' | 'retry' | 'error' | 'cancelled';
  /** Why an attempt failed or will be retried. */
  message?: string;
  /** When outcome is 'retry': how long the client waits first. */
  retryInMs?: number;
}

export type RequestLogger = (entry: RequestLogEntry) => void;

/**
 * One log line for an attempt: method, path, status, duration, attempt and, for list pages, the
 * page number (from limit and offset), e.g. `GET /rr/api/v1/contracts?limit=100&offset=200 200 35ms attempt 1 page 3`.
 */
export function describeRequest(e: RequestLogEntry): string {
  const status = e.status !== undefined ? ` ${e.status}` : '';
  const page = pageOf(e.path);
  return `${e.method} ${e.path}${status} ${e.durationMs}ms attempt ${e.attempt}${page === undefined ? '' : ` page ${page}`}`;
}

function pageOf(path: string): number | undefined {
  const q = path.indexOf('?');
  if (q < 0) return undefined;
  const params = new URLSearchParams(path.slice(q + 1));
  const limit = Number(params.get('limit'));
  const offset = Number(params.get('offset') ?? 0);
  if (!Number.isSafeInteger(limit) || limit <= 0 || !Number.isSafeInteger(offset) || offset < 0) return undefined;
  return Math.floor(offset / limit) + 1;
}

/** Defence in depth for anything that might echo a header or a URL into a log line. */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text.replace(/(Token|Bearer)\s+[A-Za-z0-9._~+/=-]{6,}/g, '$1 ‹redacted›');
  for (const s of secrets) {
    if (s && s.length >= 4) out = out.split(s).join('‹redacted›');
  }
  return out;
}
