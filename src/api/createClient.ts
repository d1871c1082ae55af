// The one way a Campfire client is built, for the extension and campfire-export alike, so the
// defaults are decided once. No VS Code: campfire-export runs with plain Node.
import { CampfireClient, DEFAULT_MAX_RESPONSE_BYTES, type CampfireClientOptions } from './client';
import type { NetworkOptions } from './network';
import type { RequestLogger } from './requestLog';
import type { UnknownValueListener } from './unknownValues';

export interface ClientLimits {
  /** Per attempt, headers and body each. */
  timeoutMs: number;
  /** Requests in flight at once. */
  maxConcurrent: number;
  /** The most one response may hold (or 32 KiB per row asked for, if more; see CampfireClient). */
  maxResponseBytes: number;
}

/** The limits when nobody says otherwise: the settings' documented defaults and campfire-export's. */
export const DEFAULT_CLIENT_LIMITS: Readonly<ClientLimits> = { timeoutMs: 60_000, maxConcurrent: 4, maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES };

export interface ClientSetup {
  /** https origin, or http on loopback (see parseBaseUrl); a refused one throws CampfireConfigError. */
  baseUrl: string;
  getApiKey: CampfireClientOptions['getApiKey'];
  /** e.g. "campfire-vscode/1.2.0 (VS Code 1.95.0)" or "campfire-export/1.2.0 (Node v20.19.0)". */
  userAgent: string;
  /** Any limit left out is DEFAULT_CLIENT_LIMITS'. */
  limits?: Partial<ClientLimits>;
  /** Proxy and certificates: VS Code's http.* settings, or the environment (the default). */
  network?: NetworkOptions;
  logger?: RequestLogger;
  /** Told once per distinct value this client's responses hold that the schemas do not know. */
  onUnknownValue?: UnknownValueListener;
  /** "probe": one request at a time and a single retry, so a wrong key answers quickly. */
  purpose?: 'session' | 'probe';
}

export function createClient(setup: ClientSetup): CampfireClient {
  const limit = (k: keyof ClientLimits): number => setup.limits?.[k] ?? DEFAULT_CLIENT_LIMITS[k];
  const probe = setup.purpose === 'probe';
  return new CampfireClient({
    baseUrl: setup.baseUrl,
    getApiKey: setup.getApiKey,
    userAgent: setup.userAgent,
    timeoutMs: limit('timeoutMs'),
    maxConcurrent: probe ? 1 : limit('maxConcurrent'),
    maxResponseBytes: limit('maxResponseBytes'),
    retry: probe ? { maxAttempts: 2 } : undefined,
    network: setup.network,
    logger: setup.logger,
    onUnknownValue: setup.onUnknownValue,
  });
}
