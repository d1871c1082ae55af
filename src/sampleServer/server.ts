// The local Campfire server: the GET endpoints of the revenue-recognition API over real HTTP on
// loopback, with Campfire's auth, DRF pagination and error bodies. Faults come only from a FaultHook
// given in the options (the tests' FaultPlan), so what "Explore Sample Data" loads carries none.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { SampleDataset, type DatasetOptions } from './dataset';
import { pageEnvelope, pageRequest } from './pagination';

/** A request about to be answered, as a FaultHook sees it. */
export interface FaultedRequest {
  /** The request's URL; a hook may remove its own query parameters, which next/previous links then leave out. */
  url: URL;
  req: http.IncomingMessage;
  res: http.ServerResponse;
  /** Keeps `res` open without an answer until the server closes (a request that times out). */
  hang: (res: http.ServerResponse) => void;
}

/** Breaks the normal answer `body` of `resource` ("" for a body that is no record). */
export type BodyFault = (res: http.ServerResponse, resource: string, body: unknown) => void;

/** Fault injection from outside the server (the tests' FaultPlan). */
export interface FaultHook {
  /** Waited before every answer. */
  readonly latencyMs: number;
  /** Called once a request is authenticated: "answered" when it answered itself, a BodyFault, or undefined. */
  intercept(request: FaultedRequest): 'answered' | BodyFault | undefined;
}

export interface SampleServerOptions {
  host?: string;
  /** 0 (default): any free port. */
  port?: number;
  seed?: number;
  /** The accepted API key (default "sample-key"); null turns the auth check off. */
  token?: string | null;
  /** Keys that authenticate but whose role may not read (403). */
  forbiddenTokens?: string[];
  contracts?: number;
  /** An account of a chosen size (see DatasetOptions.shape). */
  shape?: DatasetOptions['shape'];
  /** DRF PAGE_SIZE when ?limit is absent (default 100). */
  defaultPageSize?: number;
  /** DRF max_limit (default 1000). */
  maxPageSize?: number;
  /** Origin for next/previous links (default: from the Host header, as DRF builds them). */
  linkBaseUrl?: string;
  /** Fault injection (tests, benchmarks, `npm run sample-server`); none without it. */
  faults?: FaultHook;
  /** Markup, script and CSV-formula payloads in some records, for security tests. */
  hostile?: boolean;
  /** Serve HTTPS with this PEM key and certificate (tests of certificate trust and proxies). */
  tls?: { key: string; cert: string };
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
  accept: string | undefined;
  userAgent: string | undefined;
  at: number;
}

export interface SampleServer {
  readonly url: string;
  readonly token: string | null;
  readonly dataset: SampleDataset;
  readonly requests: readonly RecordedRequest[];
  inFlight(): number;
  maxInFlight(): number;
  onRequest(listener: (r: RecordedRequest) => void): () => void;
  resetRecording(): void;
  close(): Promise<void>;
}

type Json = unknown;
type Route = { kind: 'list'; resource: string; count: number; slice: (offset: number, limit: number) => Json[] } | { kind: 'one'; resource: string; body: Json } | { kind: 'plain'; body: Json };

const RR = /^\/rr\/api\/v1\//;

export async function startSampleServer(options: SampleServerOptions = {}): Promise<SampleServer> {
  const dataset = new SampleDataset({ seed: options.seed ?? 1, contracts: options.contracts ?? 240, hostile: options.hostile ?? false, shape: options.shape });
  const token = options.token === undefined ? 'sample-key' : options.token;
  const forbidden = new Set(options.forbiddenTokens ?? []);
  const defaultLimit = options.defaultPageSize ?? 100;
  const maxLimit = options.maxPageSize ?? 1000;
  const faults = options.faults;
  const requests: RecordedRequest[] = [];
  const listeners = new Set<(r: RecordedRequest) => void>();
  const hung = new Set<http.ServerResponse>();
  let active = 0;
  let peak = 0;
  const pageCache = new PageCache(64 * 1024 * 1024);

  const route = (path: string, query: URLSearchParams): Route | undefined => {
    const m = (re: RegExp) => re.exec(path);
    let g: RegExpExecArray | null;
    if (path === '/rr/api/v1/contracts') {
      // include_deleted=true lists only soft-deleted contracts, as stubs, as Campfire does.
      const deleted = query.get('include_deleted') === 'true';
      const list: readonly { id: number; last_modified_at: string }[] = deleted
        ? dataset.deletedContracts().map((c) => ({ id: c.id, is_deleted: true, deleted_at: c.deleted_at, last_modified_at: c.last_modified_at }))
        : dataset.contracts();
      // Compared as instants, so "2026-12-01T09:00:00Z" and a timestamp with microseconds agree; a
      // date alone means that day's start (gte) or end (lte), in UTC.
      const bound = (value: string | null, end: boolean) => {
        if (!value) return undefined;
        const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
        return Number.isNaN(t) ? undefined : end && /^\d{4}-\d{2}-\d{2}$/.test(value) ? t + 86_399_999 : t;
      };
      const gte = bound(query.get('last_modified_at__gte'), false);
      const lte = bound(query.get('last_modified_at__lte'), true);
      const rows = list.filter((c) => {
        const t = Date.parse(c.last_modified_at);
        return (gte === undefined || t >= gte) && (lte === undefined || t <= lte);
      });
      return { kind: 'list', resource: 'contracts', count: rows.length, slice: (o, l) => rows.slice(o, o + l) };
    }
    if ((g = m(/^\/rr\/api\/v1\/contracts\/(\d+)$/))) {
      const c = dataset.contract(Number(g[1]));
      return c && { kind: 'one', resource: 'contracts', body: c };
    }
    if ((g = m(/^\/rr\/api\/v1\/contracts\/(\d+)\/prepaid-commits$/))) {
      if (!dataset.contract(Number(g[1]))) return undefined;
      const rows = dataset.prepaidCommits(Number(g[1]));
      return { kind: 'list', resource: 'prepaid-commits', count: rows.length, slice: (o, l) => rows.slice(o, o + l) };
    }
    if ((g = m(/^\/rr\/api\/v1\/contracts\/(\d+)\/prepaid-commits\/(\d+)$/))) {
      const c = dataset.prepaidCommit(Number(g[1]), Number(g[2]));
      return c && { kind: 'one', resource: 'prepaid-commits', body: c };
    }
    if ((g = m(/^\/rr\/api\/v1\/contracts\/(\d+)\/prepaid-commits\/(\d+)\/usage-events$/))) {
      const [contractId, commitId] = [Number(g[1]), Number(g[2])];
      if (!dataset.prepaidCommit(contractId, commitId)) return undefined;
      return { kind: 'list', resource: 'usage-events', count: dataset.usageEventCount(contractId, commitId), slice: (o, l) => dataset.usageEvents(contractId, commitId, o, l) };
    }
    if ((g = m(/^\/rr\/api\/v1\/contracts\/(\d+)\/prepaid-commits\/(\d+)\/consumption$/))) {
      const [contractId, commitId] = [Number(g[1]), Number(g[2])];
      if (!dataset.prepaidCommit(contractId, commitId)) return undefined;
      const rows = dataset.consumption(contractId, commitId);
      return { kind: 'list', resource: 'consumption', count: rows.length, slice: (o, l) => rows.slice(o, o + l) };
    }
    if ((g = m(/^\/rr\/api\/v1\/contracts\/(\d+)\/prepaid-commit-summary$/))) {
      const contractId = Number(g[1]);
      if (!dataset.contract(contractId)) return undefined;
      const commits = dataset.prepaidCommits(contractId);
      const total = commits.reduce((a, c) => a + c.total_value, 0);
      const remaining = commits.reduce((a, c) => a + c.remaining_value, 0);
      return { kind: 'plain', body: { contract: contractId, commits: commits.length, total_value: total, remaining_value: remaining, consumed_value: total - remaining } };
    }
    if ((g = m(/^\/rr\/api\/v1\/contracts\/(\d+)\/tier-price-overrides$/))) {
      if (!dataset.contract(Number(g[1]))) return undefined;
      const rows = dataset.tierPriceOverrides(Number(g[1]));
      return { kind: 'list', resource: 'tier-price-overrides', count: rows.length, slice: (o, l) => rows.slice(o, o + l) };
    }
    if (path === '/rr/api/v1/product') {
      const rows = dataset.products();
      return { kind: 'list', resource: 'product', count: rows.length, slice: (o, l) => rows.slice(o, o + l) };
    }
    if ((g = m(/^\/rr\/api\/v1\/product\/(\d+)$/))) {
      const p = dataset.product(Number(g[1]));
      return p && { kind: 'one', resource: 'product', body: p };
    }
    return undefined;
  };

  const json = (res: http.ServerResponse, status: number, body: Json) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), vary: 'Accept, Authorization' });
    res.end(text);
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', options.linkBaseUrl ?? `${options.tls ? 'https' : 'http'}://${req.headers.host ?? '127.0.0.1'}`);
    if (url.pathname === '/healthz') {
      json(res, 200, { status: 'ok' });
      return;
    }
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: req.headers.authorization,
      accept: req.headers.accept,
      userAgent: req.headers['user-agent'],
      at: Date.now(),
    };
    requests.push(record);
    for (const l of listeners) l(record);
    const latencyMs = faults?.latencyMs ?? 0;
    if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));

    if (req.method !== 'GET' && req.method !== 'HEAD') {
      json(res, 405, { detail: `Method "${req.method ?? ''}" not allowed.` });
      return;
    }
    if (token !== null) {
      const auth = req.headers.authorization ?? '';
      const m = /^Token\s+(\S+)$/.exec(auth);
      if (!auth) {
        json(res, 401, { detail: 'Authentication credentials were not provided.' });
        return;
      }
      if (m && m[1] !== undefined && forbidden.has(m[1])) {
        json(res, 403, { detail: 'You do not have permission to perform this action.' });
        return;
      }
      if (!m || m[1] !== token) {
        json(res, 401, { detail: 'Invalid token.' });
        return;
      }
    }
    const fault = faults?.intercept({ url, req, res, hang: (r) => hung.add(r) });
    if (fault === 'answered') return;

    const found = RR.test(url.pathname) ? route(url.pathname, url.searchParams) : undefined;
    if (!found) {
      json(res, 404, { detail: 'Not found.' });
      return;
    }
    let body: Json;
    let resource: string;
    if (found.kind === 'list') {
      const page = pageRequest(url.searchParams, defaultLimit, maxLimit);
      // The count is in the key: events added to a commit (tests, benchmarks) change every page's envelope.
      const cacheKey = found.resource === 'usage-events' && !fault ? `${found.count} ${url.href}` : undefined;
      const cached = cacheKey && pageCache.get(cacheKey);
      if (cached) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(cached.length), vary: 'Accept, Authorization' });
        res.end(cached);
        return;
      }
      if (cacheKey) {
        const body = Buffer.from(JSON.stringify(pageEnvelope(url, found.count, page, found.slice(page.offset, page.limit))));
        pageCache.set(cacheKey, body);
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length), vary: 'Accept, Authorization' });
        res.end(body);
        return;
      }
      body = pageEnvelope(url, found.count, page, found.slice(page.offset, page.limit));
      resource = found.resource;
    } else {
      body = found.body;
      resource = found.kind === 'one' ? found.resource : '';
    }
    if (fault) fault(res, resource, body);
    else json(res, 200, body);
  };

  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    active++;
    peak = Math.max(peak, active);
    let done = false;
    const finish = () => {
      if (!done) {
        done = true;
        active--;
      }
    };
    res.on('close', finish);
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) json(res, 500, { error: String(e) });
      else res.destroy();
    });
  };
  const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, onRequest) : http.createServer(onRequest);
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;

  return {
    url: `${options.tls ? 'https' : 'http'}://${host}:${addr.port}`,
    token,
    dataset,
    requests,
    inFlight: () => active,
    maxInFlight: () => peak,
    onRequest: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    resetRecording: () => {
      requests.length = 0;
      peak = active;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const r of hung) r.destroy();
        hung.clear();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Serialized usage-event pages within a byte budget, least recently used out first: generating one
 * costs about 2 ms, which the pagination bench would otherwise charge to the client under test.
 */
class PageCache {
  private readonly entries = new Map<string, Buffer>();
  private bytes = 0;

  constructor(private readonly budgetBytes: number) {}

  get(key: string): Buffer | undefined {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, body: Buffer): void {
    if (body.length > this.budgetBytes) return;
    this.entries.set(key, body);
    this.bytes += body.length;
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.budgetBytes) break;
      this.entries.delete(k);
      this.bytes -= v.length;
    }
  }
}
