// Fault knobs: what a real network, proxy or overloaded Campfire does to a request. Server-wide
// (a rate of random faults, latency) or scripted per request (the next N requests to a path).
// A FaultPlan is the sample server's FaultHook: pass it as `faults` when starting the server and
// change it while the server runs.
import type http from 'node:http';
import type { BodyFault, FaultedRequest, FaultHook } from '../../../src/sampleServer/server';
import { Rng } from '../../../src/sampleServer/random';

export type FaultKind = '429' | '500' | '502' | '503' | '504' | 'reset' | 'timeout' | 'truncated' | 'malformed' | 'html' | 'empty' | 'schema';

export const FAULT_KINDS: readonly FaultKind[] = ['429', '500', '502', '503', '504', 'reset', 'timeout', 'truncated', 'malformed', 'html', 'empty', 'schema'];

export interface FaultConfig {
  /** Added before every response. */
  latencyMs?: number;
  /** Probability (0..1) that a request gets a random fault from `kinds`. */
  rate?: number;
  kinds?: readonly FaultKind[];
  /** Retry-After header of 429 answers (seconds or an HTTP date); default "1". */
  retryAfter?: string;
  /** Seed of the random fault sequence, for reproducible fault runs. */
  seed?: number;
}

export interface ScriptedFault {
  /** Only requests whose path matches; all requests when absent. */
  path?: RegExp;
  kind: FaultKind;
  /** How many matching requests get it (default 1). */
  times?: number;
  retryAfter?: string;
}

export function isFaultKind(s: string): s is FaultKind {
  return (FAULT_KINDS as readonly string[]).includes(s);
}

export class FaultPlan implements FaultHook {
  private config: FaultConfig = {};
  private rng = new Rng(1);
  private readonly scripted: (ScriptedFault & { left: number })[] = [];
  /** Faults handed out since the plan was made (the fault suite reports it). */
  injected = 0;

  constructor(config: FaultConfig = {}) {
    this.set(config);
  }

  /** Replaces every fault setting, scripted faults included. */
  set(config: FaultConfig): void {
    this.config = { ...config };
    this.rng = new Rng(config.seed ?? 1);
    this.scripted.length = 0;
  }

  get latencyMs(): number {
    return this.config.latencyMs ?? 0;
  }

  inject(fault: ScriptedFault): void {
    this.scripted.push({ ...fault, left: fault.times ?? 1 });
  }

  /**
   * The local server's hook: answers the request with its fault, or returns how to break the
   * normal answer (truncated, schema). The `_fault` knob is taken out of the URL, so next/previous
   * links do not repeat it.
   */
  intercept({ url, req, res, hang }: FaultedRequest): 'answered' | BodyFault | undefined {
    const fault = this.pick(url.pathname, url.searchParams.get('_fault') ?? undefined);
    url.searchParams.delete('_fault');
    if (!fault) return undefined;
    if (sendStatusFault(fault, res, req, hang)) return 'answered';
    return fault.kind === 'truncated' ? sendTruncated : sendSchemaBreak;
  }

  /** The fault for this request, if any: scripted first, then the `_fault` query knob, then chance. */
  pick(path: string, queryFault: string | undefined): { kind: FaultKind; retryAfter: string; explicitRetryAfter: boolean } | undefined {
    const retryAfter = this.config.retryAfter ?? '1';
    const s = this.scripted.find((f) => f.left > 0 && (!f.path || f.path.test(path)));
    if (s) {
      s.left--;
      this.injected++;
      return { kind: s.kind, retryAfter: s.retryAfter ?? retryAfter, explicitRetryAfter: s.retryAfter !== undefined };
    }
    if (queryFault && isFaultKind(queryFault)) {
      this.injected++;
      return { kind: queryFault, retryAfter, explicitRetryAfter: false };
    }
    const rate = this.config.rate ?? 0;
    if (rate > 0 && this.rng.next() < rate) {
      const kinds = this.config.kinds?.length ? this.config.kinds : FAULT_KINDS.filter((k) => k !== 'schema');
      this.injected++;
      return { kind: this.rng.pick(kinds), retryAfter, explicitRetryAfter: false };
    }
    return undefined;
  }
}

const HTML_502 = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

/**
 * Answers with a transport or status fault; returns false for faults that need the real body
 * (truncated, schema). A 429 always carries Retry-After; a 503 only when the fault names one
 * (servers may send it with 503, and most do not).
 */
export function sendStatusFault(
  fault: { kind: FaultKind; retryAfter: string; explicitRetryAfter: boolean },
  res: http.ServerResponse,
  req: http.IncomingMessage,
  hang: (res: http.ServerResponse) => void,
): boolean {
  const { kind, retryAfter } = fault;
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  switch (kind) {
    case '429': {
      const seconds = /^\d+$/.test(retryAfter) ? retryAfter : '1';
      json(429, { detail: `Request was throttled. Expected available in ${seconds} seconds.` }, { 'retry-after': retryAfter });
      return true;
    }
    case '500':
      json(500, { error: 'Internal server error' });
      return true;
    case '502':
      json(502, { detail: 'Bad gateway' });
      return true;
    case '503':
      json(503, { detail: 'Service temporarily unavailable, try again later.' }, fault.explicitRetryAfter ? { 'retry-after': retryAfter } : {});
      return true;
    case '504':
      json(504, { detail: 'Gateway timeout' });
      return true;
    case 'html':
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end(HTML_502);
      return true;
    case 'empty':
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '0' });
      res.end();
      return true;
    case 'malformed':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"count": 3, "next": null, "results": [{"id": 1,}, oops]');
      return true;
    case 'reset':
      req.socket.destroy();
      return true;
    case 'timeout':
      hang(res);
      return true;
    case 'truncated':
    case 'schema':
      return false;
  }
}

/** Half of the answer's text, without a length: a connection cut off mid-body. */
const sendTruncated: BodyFault = (res, _resource, body) => {
  const text = JSON.stringify(body);
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
};

/** The answer with a required field missing from one record (the middle row of a page). */
const sendSchemaBreak: BodyFault = (res, resource, body) => {
  const field = SCHEMA_BREAK_FIELD[resource] ?? 'id';
  const broken = structuredClone(body) as { results?: Record<string, unknown>[] } & Record<string, unknown>;
  const target = Array.isArray(broken.results) ? broken.results[Math.floor(broken.results.length / 2)] : broken;
  if (target) Reflect.deleteProperty(target, field);
  const text = JSON.stringify(broken);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), vary: 'Accept, Authorization' });
  res.end(text);
};

/** Required fields removed by the `schema` fault, per resource, so the error names a real field. */
export const SCHEMA_BREAK_FIELD: Readonly<Record<string, string>> = {
  contracts: 'client_name',
  'prepaid-commits': 'name',
  'usage-events': 'period_month',
  consumption: 'balance_after',
  'tier-price-overrides': 'tier_name',
  product: 'display_name',
  customers: 'name',
};
