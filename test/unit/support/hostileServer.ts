// A Campfire stand-in that misbehaves the way real servers and proxies do, one mode at a time: it
// caps `limit`, leaves a page empty, repeats itself, reports an endless count, loses rows at the
// front while paging, echoes the Authorization header into its errors, sends terminal control
// characters, answers with bodies that never end or nest thousands of levels deep. Its rows are
// valid PrepaidUsageEvents (the unit tests check them against the published schema), served at
// every list path but the contract list, which is empty and well-behaved (so a key can be signed
// in with) unless a mode gives it contracts to serve; the same server drives the client, the CLI
// and the extension's commands and tree.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HostileMode {
  /** Rows in the collection (ids 500001, 500002, …). */
  rows: number;
  /**
   * Valid contracts the contract list serves under this mode's faults (their ids are the
   * collection's; `rows` is ignored). Without them the contract list is empty and well-behaved.
   */
  contracts?: Record<string, unknown>[];
  /** Most rows a page holds, whatever `limit` asks (DRF's max_limit). */
  maxLimit?: number;
  /** Pages starting at or after this offset, and before `emptyTo`, come back empty (count unchanged). */
  emptyFrom?: number;
  emptyTo?: number;
  /** Every page holds the first page's rows. */
  repeatFirstPage?: boolean;
  /** The `count` every page reports instead of the real one (10**12: "never ends"). */
  count?: number;
  /** After this many list requests, this many rows at the front go and as many are appended. */
  churn?: { afterRequests: number; rows: number };
  /** Every request fails with this status and a body that echoes the request's headers. */
  echo?: { status: number; shape: 'detail' | 'fieldList' | 'html' | 'text' | 'schema' | 'row' | 'escapedRow' | 'controls' };
  /** One response body of this many bytes (a valid page start, then padding), or one that never ends. */
  hugeBody?: number | 'endless';
  /** With `hugeBody` of a number: the response says its length in Content-Length. */
  declareLength?: boolean;
  /** `data` nested this deep in the row at `deepRow`. */
  deep?: { levels: number; row: number };
  /** A `data` value written as a number literal beyond double range, at this row. */
  hugeNumberRow?: number;
  /** Every request is answered 429 with this Retry-After. */
  rateLimit?: { retryAfter: string };
}

export interface HostileServer {
  url: string;
  /** Every request: its path and query and the Authorization header it carried. */
  requests: { url: string; authorization: string | undefined }[];
  /** Ids of the rows that exist now, in order. */
  currentIds(): number[];
  /** Every id that existed at any time. */
  everId(): Set<number>;
  setMode(mode: HostileMode): void;
  close(): Promise<void>;
}

const FIRST_ID = 500_001;

export function usageEventRow(id: number, extraData: Record<string, unknown> = {}): Record<string, unknown> {
  const day = 1 + (id % 28);
  return {
    id,
    prepaid_commit: 77,
    consumption: null,
    external_id: `ev-${id}`,
    event_date: `2026-03-${String(day).padStart(2, '0')}`,
    period_month: '2026-03-01',
    total_revenue_dollars: (id % 1000) / 100,
    total_events: id % 50,
    data: { team: `t${id % 7}`, ...extraData },
    adjustment_date: null,
    is_adjustment: false,
    original_period_month: null,
    created_at: '2026-03-31T12:00:00Z',
  };
}

export async function startHostileServer(initial: HostileMode): Promise<HostileServer> {
  let mode = initial;
  let ids: number[] = [];
  let nextId = FIRST_ID;
  const ever = new Set<number>();
  let listRequests = 0;
  let contracts = new Map<number, Record<string, unknown>>();
  const reset = (m: HostileMode) => {
    mode = m;
    nextId = FIRST_ID;
    contracts = new Map((m.contracts ?? []).map((c) => [c.id as number, c]));
    ids = m.contracts ? [...contracts.keys()] : Array.from({ length: m.rows }, () => nextId++);
    for (const id of ids) ever.add(id);
    listRequests = 0;
  };
  reset(initial);
  const requests: HostileServer['requests'] = [];

  const server = http.createServer((req, res) => {
    requests.push({ url: req.url ?? '', authorization: req.headers.authorization });
    const url = new URL(req.url ?? '/', 'http://stand-in');
    if (mode.echo) {
      echo(res, mode.echo, req);
      return;
    }
    if (mode.rateLimit) {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': mode.rateLimit.retryAfter });
      res.end('{"detail":"Request was throttled."}');
      return;
    }
    const contractList = url.pathname === '/rr/api/v1/contracts';
    if (contractList && !mode.contracts) {
      // The contract list (what signing in checks a key against) is well-behaved and empty.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ count: 0, next: null, previous: null, results: [] }));
      return;
    }
    const limit = Math.max(1, Number(url.searchParams.get('limit') ?? 100));
    const offset = Math.max(0, Number(url.searchParams.get('offset') ?? 0));
    listRequests++;
    if (mode.churn && listRequests === mode.churn.afterRequests + 1) {
      ids = ids.slice(mode.churn.rows);
      for (let i = 0; i < mode.churn.rows; i++) {
        ids.push(nextId);
        ever.add(nextId++);
      }
    }
    if (mode.hugeBody !== undefined) {
      hugeBody(res, mode.hugeBody, mode.declareLength === true);
      return;
    }
    const size = Math.min(limit, mode.maxLimit ?? Infinity);
    let slice = mode.repeatFirstPage ? ids.slice(0, size) : ids.slice(offset, offset + size);
    if (mode.emptyFrom !== undefined && offset >= mode.emptyFrom && offset < (mode.emptyTo ?? Infinity)) slice = [];
    const count = mode.count ?? ids.length;
    const results = slice.map((id, i) => {
      if (contractList) return contracts.get(id);
      const row = offset + i;
      if (mode.deep && row === mode.deep.row) return usageEventRow(id, { nested: DEEP_MARK });
      return usageEventRow(id);
    });
    let body = JSON.stringify({ count, next: null, previous: null, results });
    // Written as text: JSON.stringify itself overflows the stack at this depth.
    if (mode.deep) body = body.replace(JSON.stringify(DEEP_MARK), `${'{"v":'.repeat(mode.deep.levels)}"bottom"${'}'.repeat(mode.deep.levels)}`);
    if (mode.hugeNumberRow !== undefined) {
      const at = mode.hugeNumberRow - offset;
      if (at >= 0 && at < results.length) body = body.replace(`"ev-${slice[at] as number}"`, `"ev-${slice[at] as number}","huge":1e400`);
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    currentIds: () => ids.slice(),
    everId: () => new Set(ever),
    setMode: (m) => {
      requests.length = 0;
      reset(m);
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const DEEP_MARK = '\u0000deep';

/** An error body that repeats the request's Authorization header, in the shapes servers use. */
function echo(res: http.ServerResponse, e: NonNullable<HostileMode['echo']>, req: http.IncomingMessage): void {
  const auth = req.headers.authorization ?? '';
  const key = auth.replace(/^Token\s+/, '');
  const json = (body: unknown) => {
    res.writeHead(e.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  switch (e.shape) {
    case 'detail':
      return json({ detail: `Invalid credentials: ${auth}` });
    case 'fieldList':
      return json({ authorization: [auth], key: [`${key} is not valid`] });
    case 'html':
      res.writeHead(e.status, { 'content-type': 'text/html' });
      res.end(`<html><head><title>Denied for ${auth}</title></head><body>${key}</body></html>`);
      return;
    case 'text':
      res.writeHead(e.status, { 'content-type': 'text/plain' });
      res.end(`upstream said: authorization=${auth} raw=${key}`);
      return;
    case 'schema':
      // A 200 whose row breaks the schema with the key as the bad value.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ count: 1, next: null, previous: null, results: [{ ...usageEventRow(FIRST_ID), period_month: key }] }));
      return;
    case 'row':
      // A 200 whose rows are valid but carry the header in a field, as data.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ count: 1, next: null, previous: null, results: [{ ...usageEventRow(FIRST_ID), external_id: auth }] }));
      return;
    case 'escapedRow': {
      // The same, with every character of the key written as a JSON escape: the text holds no
      // copy of it, the parsed value does.
      const escaped = Array.from(key, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
      const body = JSON.stringify({ count: 1, next: null, previous: null, results: [{ ...usageEventRow(FIRST_ID), external_id: 'KEY' }] });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body.replace('"KEY"', `"${escaped}"`));
      return;
    }
    case 'controls':
      // Retitle the terminal, clear it, print a fake success on a line of its own, reverse text.
      return json({ detail: `\u001b]0;pwned\u0007\u001b[2J\rcampfire-export: 100 rows written, export OK\n\u202egnp.exe ${key}` });
  }
}

/** A 200 whose body starts like a page and then goes on for about `bytes` bytes, or for ever. */
function hugeBody(res: http.ServerResponse, bytes: number | 'endless', declareLength: boolean): void {
  const head = '{"count":1,"next":null,"previous":null,"results":[{"padding":"';
  const chunk = Buffer.alloc(1 << 20, 'x');
  const length = typeof bytes === 'number' ? head.length + Math.ceil(bytes / chunk.length) * chunk.length + 4 : 0;
  res.writeHead(200, { 'content-type': 'application/json', ...(declareLength && length > 0 ? { 'content-length': length } : {}) });
  res.write(head);
  let sent = 0;
  const pump = () => {
    while (bytes === 'endless' || sent < bytes) {
      sent += chunk.length;
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
    res.end('"}]}');
  };
  res.on('close', () => res.removeAllListeners('drain'));
  pump();
}
