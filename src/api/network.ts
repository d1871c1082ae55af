// The connection layer under the client: a keep-alive pool, optionally through an HTTP(S) proxy,
// trusting the system's and the user's extra CA certificates (corporate TLS inspection).
import fs from 'node:fs';
import tls from 'node:tls';
import { undici, type Dispatcher } from './undici';
import { isLoopbackHost } from './baseUrl';

export interface NetworkOptions {
  /** Proxy URL (VS Code's http.proxy); falls back to HTTPS_PROXY / HTTP_PROXY from the environment. */
  proxy?: string | undefined;
  /** Hosts that bypass the proxy (VS Code's http.noProxy); NO_PROXY from the environment is added. */
  noProxy?: readonly string[] | undefined;
  /** false only when the user turned off certificate checks (http.proxyStrictSSL: false). */
  strictSSL?: boolean | undefined;
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

/** Bundled roots, the OS store (Node 22.15+), NODE_EXTRA_CA_CERTS and configured files: `ca` replaces the defaults. */
export function trustedCertificates(env: NodeJS.ProcessEnv, extraFiles: readonly string[] = []): string[] {
  const certs = new Set<string>(tls.rootCertificates);
  const getCa = (tls as { getCACertificates?: (type: string) => string[] }).getCACertificates;
  if (getCa) {
    try {
      for (const c of getCa('system')) certs.add(c);
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

export function createDispatcher(options: NetworkOptions = {}): Dispatcher {
  const env = options.env ?? process.env;
  // A plain-http origin (loopback only, see parseBaseUrl) never speaks TLS: reading the system's
  // certificate store for it would only cost time.
  const plainHttp = options.origin?.protocol === 'http:';
  const connect = {
    ca: plainHttp ? undefined : trustedCertificates(env, options.extraCaFiles),
    rejectUnauthorized: options.strictSSL !== false,
  };
  const pool = { keepAliveTimeout: 30_000, keepAliveMaxTimeout: 120_000, connections: options.connections ?? 16 };
  const proxy = options.proxy?.trim() || envValue(env, 'HTTPS_PROXY') || envValue(env, 'HTTP_PROXY');
  const direct = options.origin !== undefined && (options.origin.protocol !== 'https:' || isLoopbackHost(options.origin.hostname));
  const { Agent, EnvHttpProxyAgent } = undici();
  if (!proxy || direct) return new Agent({ ...pool, connect });
  // This machine (the sample server, local test servers) is never reached through a proxy.
  const noProxy = ['localhost', '127.0.0.1', '::1', ...(options.noProxy ?? []), ...(envValue(env, 'NO_PROXY') ?? '').split(',')]
    .map((s) => s.trim())
    .filter(Boolean)
    .join(',');
  return new EnvHttpProxyAgent({
    ...pool,
    httpProxy: proxy,
    httpsProxy: proxy,
    noProxy,
    connect,
    // The proxy itself may sit behind the same corporate CA.
    proxyTls: connect,
    requestTls: connect,
  });
}
