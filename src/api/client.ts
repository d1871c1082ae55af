// The one HTTP client for Campfire: token auth pinned to one origin, timeouts, cancellation,
// retries with backoff, and a scheduler shared by every caller, over one transport (network.ts).
import type { z } from 'zod';
import { parseBaseUrl } from './baseUrl';
import { isUtf8 } from 'node:buffer';
import type { Readable } from 'node:stream';
import {
  CampfireAuthError,
  CampfireBadResponseError,
  CampfireCancelledError,
  CampfireError,
  CampfireNetworkError,
  CampfireNoApiKeyError,
  CampfireNotFoundError,
  CampfirePermissionError,
  CampfireRateLimitError,
  CampfireRefusedResponseError,
  CampfireServerError,
  CampfireTimeoutError,
  CampfireUnexpectedStatusError,
  type RequestTarget,
} from './errors';
import { extractDetail } from './errorDetail';
import * as l10n from '@vscode/l10n';
import { parseJsonExact } from '../shared/exactNumber';
import { inspectJson, MAX_JSON_DEPTH } from './jsonLimits';
import { createTransport, type NetworkOptions } from './network';
import type { Transport } from './transport';
import type { RequestLogger } from './requestLog';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, parseRetryAfterMs, sleep, type RetryPolicy } from './retry';
import { RequestScheduler } from './scheduler';
import { onceEach, withUnknownValueListener, type UnknownValueListener } from './unknownValues';
import { parseOrThrow } from './validate';
import { errorMessage } from '../shared/errorMessage';

export type QueryValue = string | number | boolean | undefined;
export type Query = Readonly<Record<string, QueryValue>>;

export interface CampfireClientOptions {
  /** https origin, or http on loopback; anything else is refused (see parseBaseUrl). */
  baseUrl: string;
  /** Read on every request, so a key changed in SecretStorage takes effect at once. */
  getApiKey: () => string | undefined | Promise<string | undefined>;
  userAgent?: string;
  timeoutMs?: number;
  maxConcurrent?: number;
  retry?: Partial<RetryPolicy>;
  transport?: Transport;
  /** Proxy and certificate options of the client's own transport (HTTPS_PROXY/NO_PROXY and NODE_EXTRA_CA_CERTS always apply). */
  network?: NetworkOptions;
  scheduler?: RequestScheduler;
  /** Bytes one response may hold: this or 32 KiB per row asked for, capped by MAX_RESPONSE_CEILING_BYTES. */
  maxResponseBytes?: number;
  logger?: RequestLogger;
  /** Told once per distinct enum value the schemas do not know; per client, so each has its own "once". */
  onUnknownValue?: UnknownValueListener;
  random?: () => number;
}

export interface GetOptions {
  path: string;
  query?: Query;
  endpoint: string;
  signal?: AbortSignal | undefined;
  /** Called when a 2xx body has been read in full, before parsing: the slot is free for the next request. */
  onReceived?: () => void;
  /** For list pages: the listing's offset of the page's first row, so messages can name a row. */
  rowOffset?: number;
}

interface ReceivedResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  utf8: boolean;
}

export interface JsonResponse {
  status: number;
  body: unknown;
  target: RequestTarget;
}

const RETRYABLE_STATUS = new Set([500, 502, 503, 504]);
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
const MAX_BYTES_PER_ROW = 32 * 1024;
/** V8 cannot build a string past 2^29 - 24 characters, and a body is decoded into one string (docs/ARCHITECTURE.md). */
export const MAX_RESPONSE_CEILING_BYTES = 256 * 1024 * 1024;

export function responseByteCap(maxResponseBytes: number, rowsAsked: number): number {
  return Math.min(MAX_RESPONSE_CEILING_BYTES, Math.max(maxResponseBytes, rowsAsked * MAX_BYTES_PER_ROW || 0));
}
/** Campfire's keys are long random strings; a shorter one is not looked for in response bodies. */
const MIN_ECHO_CHECKED_KEY = 12;

class TimeoutReason extends Error {}

class UndecodableBody extends Error {
  constructor(readonly reason: unknown) {
    super(errorMessage(reason));
  }
}

export class CampfireClient {
  readonly origin: URL;
  readonly scheduler: RequestScheduler;
  readonly timeoutMs: number;
  private readonly policy: RetryPolicy;
  /** Built on the first request: it reads the system's certificate store, which activation should not pay for. */
  private transport: Transport | undefined;
  private closed = false;
  private readonly ownsTransport: boolean;
  private readonly userAgent: string;
  private readonly random: () => number;
  private readonly maxResponseBytes: number;
  private readonly unknownValues: UnknownValueListener | undefined;

  constructor(private readonly options: CampfireClientOptions) {
    this.origin = parseBaseUrl(options.baseUrl);
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.scheduler = options.scheduler ?? new RequestScheduler(options.maxConcurrent ?? 4);
    this.ownsTransport = !options.transport;
    this.transport = options.transport;
    this.userAgent = options.userAgent ?? 'campfire-vscode';
    this.random = options.random ?? Math.random;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.unknownValues = options.onUnknownValue && onceEach(options.onUnknownValue);
  }

  getJson<S extends z.ZodType>(get: GetOptions, schema: S, rowOffset?: number): Promise<z.output<S>> {
    return this.getAndRead(get, (body, target) => parseOrThrow(schema, body, target, rowOffset));
  }

  get(get: GetOptions): Promise<JsonResponse> {
    return this.getAndRead(get, (body, target, status) => ({ status, body, target }));
  }

  /** GET with retries, then `read` (validation); whatever either throws becomes a CampfireError without the key. */
  async getAndRead<T>(get: GetOptions, read: (body: unknown, target: RequestTarget, status: number) => T): Promise<T> {
    const pathAndQuery = this.pathWithQuery(get.path, get.query);
    const target: RequestTarget = { method: 'GET', path: pathAndQuery, endpoint: get.endpoint };
    const maxBytes = responseByteCap(this.maxResponseBytes, Number(get.query?.limit ?? 0));
    for (let attempt = 1; ; attempt++) {
      const started = Date.now();
      let apiKey: string | undefined;
      try {
        apiKey = await this.options.getApiKey();
        if (!apiKey) throw new CampfireNoApiKeyError();
        const key = apiKey;
        const received = await this.scheduler.run(() => this.attempt(pathAndQuery, target, key, maxBytes, get.signal), get.signal);
        if (received.status >= 200 && received.status < 300) get.onReceived?.();
        // Yield first so the request just started is written before this one is parsed (see parseTurn).
        await parseTurn();
        if (get.signal?.aborted) throw new CampfireCancelledError();
        // A body that echoes the key would put it in the tree, the panel and exports. Short test keys could match by chance.
        if (key.length >= MIN_ECHO_CHECKED_KEY && received.status >= 200 && received.status < 300 && received.text.includes(key)) {
          throw new CampfireRefusedResponseError(target, l10n.t('it contains the API key this request sent, as a server or proxy that echoes credentials would'));
        }
        // Decoding would silently put U+FFFD where the bytes were; an error page is still read for what it says.
        if (received.status >= 200 && received.status < 300 && !received.utf8) throw new CampfireRefusedResponseError(target, l10n.t('it is not valid UTF-8 text'));
        const body = this.interpret(received.status, received.headers, received.text, target, get.rowOffset);
        if (received.status >= 200 && received.status < 300 && received.text.includes('\\u') && holdsLoneSurrogate(body)) {
          throw new CampfireRefusedResponseError(target, l10n.t('it holds text that is not valid Unicode (a lone surrogate escape), which no file could keep as sent'));
        }
        // The key written with JSON escapes (`\u0073…`) shows only in the parsed values.
        if (key.length >= MIN_ECHO_CHECKED_KEY && received.status >= 200 && received.status < 300 && received.text.includes('\\u') && JSON.stringify(body).includes(key)) {
          throw new CampfireRefusedResponseError(target, l10n.t('it contains the API key this request sent, as a server or proxy that echoes credentials would'));
        }
        const result = withUnknownValueListener(this.unknownValues, () => read(body, target, received.status));
        this.scheduler.noteSuccess();
        this.log({ method: 'GET', path: pathAndQuery, attempt, status: received.status, durationMs: Date.now() - started, outcome: 'ok' });
        return result;
      } catch (err) {
        const error = this.toCampfireError(err, target, get.signal).redact([apiKey]);
        const durationMs = Date.now() - started;
        const status = 'status' in error && typeof error.status === 'number' ? error.status : undefined;
        if (error instanceof CampfireCancelledError) {
          this.log({ method: 'GET', path: pathAndQuery, attempt, durationMs, outcome: 'cancelled' });
          throw error;
        }
        const delay = this.retryDelay(error, attempt);
        if (delay === undefined) {
          this.log({ method: 'GET', path: pathAndQuery, attempt, status, durationMs, outcome: 'error', message: error.message, errorKind: error.kind });
          throw error;
        }
        this.log({ method: 'GET', path: pathAndQuery, attempt, status, durationMs, outcome: 'retry', message: error.message, errorKind: error.kind, retryInMs: delay });
        await sleep(delay, get.signal);
      }
    }
  }

  urlFor(pathAndQuery: string): URL {
    if (!pathAndQuery.startsWith('/') || pathAndQuery.startsWith('//')) {
      throw new Error(`Campfire paths must be absolute paths on ${this.origin.origin}: ${pathAndQuery}`);
    }
    const url = new URL(pathAndQuery, this.origin);
    if (url.origin !== this.origin.origin) throw new Error(`Refusing to send the API key to ${url.origin}`);
    return url;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.ownsTransport) await this.transport?.close();
  }

  private pathWithQuery(path: string, query: Query | undefined): string {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) params.set(k, String(v));
    const qs = params.toString();
    return qs ? `${path}?${qs}` : path;
  }

  private async attempt(pathAndQuery: string, target: RequestTarget, apiKey: string, maxBytes: number, signal: AbortSignal | undefined): Promise<ReceivedResponse> {
    // A listener removed in `finally` rather than AbortSignal.any, whose weakly held signals cost GC work.
    const abort = new AbortController();
    const timeout = setTimeout(() => abort.abort(new TimeoutReason()), this.timeoutMs);
    const onCallerAbort = () => abort.abort(signal?.reason);
    if (signal?.aborted) onCallerAbort();
    else signal?.addEventListener('abort', onCallerAbort, { once: true });
    try {
      const url = this.urlFor(pathAndQuery);
      if (this.closed && !this.transport) throw new Error('this Campfire client was closed');
      this.transport ??= createTransport({ connections: Math.max(8, this.scheduler.maxConcurrent * 2), ...this.options.network, origin: this.origin });
      const res = await this.transport.get({
        url,
        signal: abort.signal,
        headers: {
          authorization: `Token ${apiKey}`,
          accept: 'application/json',
          'user-agent': this.userAgent,
        },
        timeoutMs: this.timeoutMs,
      });
      const read = await readCapped(res.body, res.headers['content-length'], maxBytes).catch((e: unknown) => {
        if (e instanceof UndecodableBody) throw new CampfireRefusedResponseError(target, l10n.t('it could not be read as text ({0})', e.message));
        throw e;
      });
      if (read === undefined) {
        throw new CampfireRefusedResponseError(
          target,
          maxBytes >= MAX_RESPONSE_CEILING_BYTES
            ? l10n.t('more than {0} in one response, the most any response may hold; ask for fewer rows a request', formatBytes(maxBytes))
            : l10n.t('more than {0} in one response; raise the limit with campfire.maxResponseMegabytes, or campfire-export --max-response-mb', formatBytes(maxBytes)),
        );
      }
      return { status: res.statusCode, headers: res.headers, ...read };
    } catch (err) {
      if (abort.signal.reason instanceof TimeoutReason && !signal?.aborted) throw new CampfireTimeoutError(target, this.timeoutMs);
      throw err;
    } finally {
      clearTimeout(timeout);
      signal?.removeEventListener('abort', onCallerAbort);
    }
  }

  private interpret(status: number, headers: Record<string, string | string[] | undefined>, text: string, target: RequestTarget, rowOffset: number | undefined): unknown {
    const contentType = String(headers['content-type'] ?? '');
    if (status >= 200 && status < 300) {
      if (text.trim() === '') throw new CampfireBadResponseError(target, l10n.t('the body is empty'));
      if (contentType && !/\bjson\b/i.test(contentType)) {
        throw new CampfireBadResponseError(target, l10n.t('content type is {0}', contentType.split(';')[0] ?? contentType));
      }
      let body: unknown;
      try {
        body = parseJsonExact(text);
      } catch (e) {
        throw new CampfireBadResponseError(target, (e as Error).message);
      }
      const finding = inspectJson(body);
      if (finding.kind === 'tooDeep') throw new CampfireRefusedResponseError(target, l10n.t('nested more than {0} levels deep at {1}', MAX_JSON_DEPTH, describeJsonPath(finding.path, rowOffset)));
      return body;
    }
    const detail = extractDetail(text, contentType);
    switch (status) {
      case 401:
        throw new CampfireAuthError(target, detail);
      case 403:
        throw new CampfirePermissionError(target, detail);
      case 404:
        throw new CampfireNotFoundError(target, detail);
      case 429:
        throw new CampfireRateLimitError(target, detail, retryAfterOf(headers));
      case 503:
        throw new CampfireServerError(status, target, detail, retryAfterOf(headers));
      default:
        if (status >= 500) throw new CampfireServerError(status, target, detail);
        // 3xx included: redirects are not followed, so the key never leaves the configured origin.
        throw new CampfireUnexpectedStatusError(status, target, detail);
    }
  }

  private retryDelay(error: CampfireError, attempt: number): number | undefined {
    if (attempt >= this.policy.maxAttempts) return undefined;
    if (error instanceof CampfireServerError && !RETRYABLE_STATUS.has(error.status)) return undefined;
    if (!error.retryable) return undefined;
    const rateLimited = error instanceof CampfireRateLimitError;
    const asked = rateLimited || error instanceof CampfireServerError ? error.retryAfterMs : undefined;
    if (asked !== undefined && asked > this.policy.maxRetryAfterMs) {
      if (rateLimited) this.scheduler.noteRateLimited(undefined);
      return undefined;
    }
    // A Retry-After of 0, or a 429 without one, still waits the floor.
    const floor = asked !== undefined || rateLimited ? this.policy.minRateLimitWaitMs : 0;
    const delay = Math.max(floor, asked ?? backoffDelayMs(rateLimited ? attempt : attempt - 1, this.policy, this.random));
    if (rateLimited) this.scheduler.noteRateLimited(delay);
    return delay;
  }

  private toCampfireError(err: unknown, target: RequestTarget, signal: AbortSignal | undefined): CampfireError {
    if (signal?.aborted) return new CampfireCancelledError();
    if (err instanceof CampfireError) return err;
    const e = err as { code?: string; message?: string; cause?: { code?: string } };
    const code = e.code ?? e.cause?.code;
    if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return new CampfireTimeoutError(target, this.timeoutMs);
    return new CampfireNetworkError(target, code, e.message ?? String(err));
  }

  private log(entry: Parameters<RequestLogger>[0]): void {
    this.options.logger?.(entry);
  }
}

/**
 * One parse per turn of the event loop, after requests written meanwhile: undici writes on a reused
 * socket only from setImmediate, and a burst of pages parsed back to back would stall reading.
 */
function parseTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(() => queueParse(resolve))));
}

const waitingToParse: (() => void)[] = [];

function queueParse(start: () => void): void {
  if (waitingToParse.push(start) === 1) setImmediate(nextParse);
}

function nextParse(): void {
  waitingToParse.shift()?.();
  if (waitingToParse.length > 0) setImmediate(nextParse);
}

function readCapped(body: Readable, contentLength: string | string[] | undefined, maxBytes: number): Promise<{ text: string; utf8: boolean } | undefined> {
  if (Number(contentLength) > maxBytes) {
    body.destroy();
    return Promise.resolve(undefined);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    body.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        body.destroy();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    body.once('end', () => {
      // A throw here would escape the promise and leave the request holding its slot forever.
      try {
        const bytes = Buffer.concat(chunks, size);
        chunks.length = 0;
        const text = bytes.toString('utf8');
        // A byte-order mark is not part of the JSON (UTF-8 decoders drop it; Buffer does not).
        resolve({ text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, utf8: isUtf8(bytes) });
      } catch (e) {
        reject(new UndecodableBody(e));
      }
    });
    body.once('error', reject);
  });
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function holdsLoneSurrogate(body: unknown): boolean {
  const stack: unknown[] = [body];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (LONE_SURROGATE.test(v)) return true;
    } else if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (LONE_SURROGATE.test(k)) return true;
        stack.push(x);
      }
    }
  }
  return false;
}

function formatBytes(bytes: number): string {
  return l10n.t('{0} MiB', Math.round(bytes / (1024 * 1024)));
}

/** `results[17].data` as "row 18 (results[17].data)" when the listing's offset is known. */
function describeJsonPath(path: readonly (string | number)[], rowOffset: number | undefined): string {
  const text = path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('') || l10n.t('(response)');
  const [first, second] = path;
  return first === 'results' && typeof second === 'number' && rowOffset !== undefined ? l10n.t('row {0} ({1})', rowOffset + second + 1, text) : text;
}

function retryAfterOf(headers: Record<string, string | string[] | undefined>): number | undefined {
  const value = headers['retry-after'];
  return parseRetryAfterMs(Array.isArray(value) ? value[0] : value);
}
