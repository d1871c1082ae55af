// How one GET reaches the server and its answer comes back, under the client's own rules (timeouts,
// retries, caps, redaction live in client.ts and apply to every transport alike). Two exist:
// undici's pool, which campfire-export and loopback origins use, and Node's https module, which
// VS Code's extension host patches with its proxy resolution, proxy authentication and certificates.
import * as https from 'node:https';
import type { Readable } from 'node:stream';
import type { Dispatcher } from './undici';

export interface TransportRequest {
  url: URL;
  headers: Readonly<Record<string, string>>;
  /** Aborting it ends the request and its body, whatever stage it is in. */
  signal: AbortSignal;
  /** For a transport that watches its own stages; the client's signal covers the whole attempt anyway. */
  timeoutMs: number;
}

export interface TransportResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  /** Read as it arrives, never buffered by the transport. */
  body: Readable;
}

export interface Transport {
  get(request: TransportRequest): Promise<TransportResponse>;
  close(): Promise<void>;
}

export function undiciTransport(dispatcher: Dispatcher): Transport {
  return {
    async get({ url, headers, signal, timeoutMs }) {
      const res = await dispatcher.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        signal,
        headers,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      return { statusCode: res.statusCode, headers: res.headers, body: res.body };
    },
    close: () => dispatcher.close(),
  };
}

export interface HostTlsOptions {
  /** Left out so the host adds the certificates it trusts (VS Code: http.systemCertificates). */
  ca?: string[] | undefined;
  rejectUnauthorized: boolean;
}

/**
 * Node's https module as the process has it: in VS Code's extension host that is VS Code's patched
 * module, which picks the proxy per request (http.proxy, http.noProxy, PAC and system proxies),
 * answers proxy challenges (Kerberos, basic) and adds the system's certificates. No agent is
 * passed, so nothing here overrides those choices.
 */
export function hostHttpsTransport(tls: HostTlsOptions): Transport {
  return {
    get: ({ url, headers, signal }) =>
      new Promise<TransportResponse>((resolve, reject) => {
        let proxyError: unknown;
        const req = https.request(url, { method: 'GET', headers, signal, rejectUnauthorized: tls.rejectUnauthorized, ...(tls.ca ? { ca: tls.ca } : {}) }, (res) =>
          resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, body: res }),
        );
        // VS Code's proxy agent reports why a proxy failed on this event, then fails the request
        // with a generic message; the cause keeps its code (ECONNREFUSED, a certificate error).
        req.on('proxy', (event: { error?: unknown }) => {
          if (event.error) proxyError = event.error;
        });
        req.once('error', (err: Error) => reject(proxyError && !err.cause ? Object.assign(err, { cause: proxyError }) : err));
        req.end();
      }),
    close: () => Promise.resolve(),
  };
}
