// What the client reports about each attempt, for the "Campfire" log channel. Paths are logged
// with their query; the Authorization header is never part of an entry.
import type { CampfireErrorKind } from './errors';

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
  /** The kind of that failure (a network error, a timeout, a 429...), for code that follows the log. */
  errorKind?: CampfireErrorKind;
  /** When outcome is 'retry': how long the client waits first. */
  retryInMs?: number;
}

export type RequestLogger = (entry: RequestLogEntry) => void;

/** One log line: `GET /rr/api/v1/contracts?limit=100&offset=200 200 35ms attempt 1 rows 201–300`. */
export function describeRequest(e: RequestLogEntry): string {
  const status = e.status !== undefined ? ` ${e.status}` : '';
  const rows = rowsOf(e.path);
  return `${e.method} ${e.path}${status} ${e.durationMs}ms attempt ${e.attempt}${rows === undefined ? '' : ` rows ${rows}`}`;
}

function rowsOf(path: string): string | undefined {
  const q = path.indexOf('?');
  if (q < 0) return undefined;
  const params = new URLSearchParams(path.slice(q + 1));
  const limit = Number(params.get('limit'));
  const offset = Number(params.get('offset') ?? 0);
  if (!Number.isSafeInteger(limit) || limit <= 0 || !Number.isSafeInteger(offset) || offset < 0) return undefined;
  return `${offset + 1}–${offset + limit}`;
}
