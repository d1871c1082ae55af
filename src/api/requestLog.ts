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

/** Defence in depth for anything that might echo a header or a URL into a log line. */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text.replace(/(Token|Bearer)\s+[A-Za-z0-9._~+/=-]{6,}/g, '$1 ‹redacted›');
  for (const s of secrets) {
    if (s && s.length >= 4) out = out.split(s).join('‹redacted›');
  }
  return out;
}
