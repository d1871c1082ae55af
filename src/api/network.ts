// The connection layer under the client: which way requests go (see docs/NETWORK.md), and the
// certificates they trust (the system's and the user's extra CAs, for corporate TLS inspection).
import fs from 'node:fs';
import tls from 'node:tls';
import { undici, type Dispatcher } from './undici';
import { isLoopbackHost } from './baseUrl';
import { hostHttpsTransport, undiciTransport, type Transport } from './transport';

export interface NetworkOptions {
  /** Proxy URL (VS Code's http.proxy); falls back to HTTPS_PROXY / HTTP_PROXY from the environment. */
  proxy?: string | undefined;
  /** Hosts that bypass the proxy (VS Code's http.noProxy); NO_PROXY from the environment is added. */
  noProxy?: readonly string[] | undefined;
  /** false only when the user turned off certificate checks (http.proxyStrictSSL: false). */
  strictSSL?: boolean | undefined;
  /** false when the user turned off the system's certificates (http.systemCertificates: false). */
  systemCertificates?: boolean | undefined;
  /** Sent as Proxy-Authorization to the configured proxy (http.proxyAuthorization), never to the server. */
  proxyAuthorization?: string | undefined;
  /**
   * The process's https module is the host's, which picks proxies and certificates itself: VS Code's
   * extension host. Not set for campfire-export, where Node's https module is plain.
   */
  hostNetwork?: boolean | undefined;
  /** Extra PEM files to trust; NODE_EXTRA_CA_CERTS is always honoured. */
  extraCaFiles?: readonly string[] | undefined;
  env?: NodeJS.ProcessEnv;
  connections?: number;
  /** The one origin the dispatcher reaches; plain-http or loopback never goes through a proxy, which would see the key. */
  origin?: URL;
}

function readPemFile(file: string): string[] {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  } catch {
    return [];
  }
}

/** Bundled roots, the OS store, NODE_EXTRA_CA_CERTS and configured files: `ca` replaces the defaults. */
export function trustedCertificates(env: NodeJS.ProcessEnv, extraFiles: readonly string[] = [], system = true): string[] {
  const certs = new Set<string>(tls.rootCertificates);
  if (system) {
    try {
      for (const c of tls.getCACertificates('system')) certs.add(c);
    } catch {
      // no readable system store on this platform
    }
  }
  const files = [...(env.NODE_EXTRA_CA_CERTS ? [env.NODE_EXTRA_CA_CERTS] : []), ...extraFiles];
  for (const f of files) for (const c of readPemFile(f)) certs.add(c);
  return [...certs];
}

function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  return env[name] ?? env[name.toLowerCase()] ?? undefined;
}

/**
 * - direct: undici straight to the origin. Always for plain http and loopback, which no proxy may
 *   see (the key would cross it in clear, or leave the machine); otherwise when nothing is configured.
 * - proxy: undici through the configured proxy, https tunnelled with CONNECT.
 * - host: the host's https module (VS Code's), which resolves the proxy itself (PAC and system
 *   proxies included). Left for `proxy` only when the user gave a Proxy-Authorization, which VS Code
 *   applies to its own requests but not to the https module it patches for extensions.
 */
export type NetworkRoute = { kind: 'direct' } | { kind: 'proxy'; proxy: string } | { kind: 'host' };

export function networkRoute(options: NetworkOptions, origin: URL, env: NodeJS.ProcessEnv = options.env ?? process.env): NetworkRoute {
  if (origin.protocol !== 'https:' || isLoopbackHost(origin.hostname)) return { kind: 'direct' };
  const proxy = options.proxy?.trim() || envValue(env, 'HTTPS_PROXY') || envValue(env, 'HTTP_PROXY');
  if (options.hostNetwork && !(proxy && options.proxyAuthorization)) return { kind: 'host' };
  return proxy ? { kind: 'proxy', proxy } : { kind: 'direct' };
}

export function createTransport(options: NetworkOptions & { origin: URL }): Transport {
  const env = options.env ?? process.env;
  const route = networkRoute(options, options.origin, env);
  const rejectUnauthorized = options.strictSSL !== false;
  if (route.kind !== 'host') return undiciTransport(createDispatcher(options, route, rejectUnauthorized));
  // The host adds the certificates it trusts when none are given; extra CAs the client was told
  // about replace them with the client's own list, which holds the system's too.
  const ownCa = Boolean(env.NODE_EXTRA_CA_CERTS) || (options.extraCaFiles?.length ?? 0) > 0;
  return hostHttpsTransport({ rejectUnauthorized, ca: ownCa ? trustedCertificates(env, options.extraCaFiles, options.systemCertificates !== false) : undefined });
}

function createDispatcher(options: NetworkOptions & { origin: URL }, route: Exclude<NetworkRoute, { kind: 'host' }>, rejectUnauthorized: boolean): Dispatcher {
  const env = options.env ?? process.env;
  // A plain-http origin (loopback only, see parseBaseUrl) never speaks TLS: reading the system's
  // certificate store for it would only cost time.
  const plainHttp = options.origin.protocol === 'http:';
  const connect = {
    ca: plainHttp ? undefined : trustedCertificates(env, options.extraCaFiles, options.systemCertificates !== false),
    rejectUnauthorized,
  };
  const pool = { keepAliveTimeout: 30_000, keepAliveMaxTimeout: 120_000, connections: options.connections ?? 16 };
  const { Agent, EnvHttpProxyAgent } = undici();
  if (route.kind === 'direct') return new Agent({ ...pool, connect });
  // This machine (the sample server, local test servers) is never reached through a proxy.
  const noProxy = ['localhost', '127.0.0.1', '::1', ...(options.noProxy ?? []), ...(envValue(env, 'NO_PROXY') ?? '').split(',')]
    .map((s) => s.trim())
    .filter(Boolean)
    .join(',');
  return new EnvHttpProxyAgent({
    ...pool,
    httpProxy: route.proxy,
    httpsProxy: route.proxy,
    noProxy,
    connect,
    // Only in the CONNECT request to the proxy; the server never sees it.
    ...(options.proxyAuthorization ? { token: options.proxyAuthorization } : {}),
    // The proxy itself may sit behind the same corporate CA.
    proxyTls: connect,
    requestTls: connect,
  });
}
