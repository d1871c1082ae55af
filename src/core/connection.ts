// Owns the one API client of the window and rebuilds it when a connection setting changes. All
// callers (tree, usage-events panel, exports) go through `client`, so they share one connection
// pool and one request scheduler.
import * as vscode from 'vscode';
import type { CampfireClient, CampfireClientOptions } from '../api/client';
import { createClient, type ClientSetup } from '../api/createClient';
import type { ApiKeyStore } from './apiKeyStore';
import type { CampfireLog } from './log';
import { NETWORK_SETTINGS, readNetworkSettings } from './networkSettings';
import { CONNECTION_SETTINGS, readSettings, type CampfireSettings } from './settings';

export class CampfireConnection implements vscode.Disposable {
  private current: CampfireClient | undefined;
  private configError: Error | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the client was rebuilt (base URL, concurrency or timeout changed) or the key changed. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  /** Overrides the base URL setting while browsing the built-in sample server. */
  private baseUrlOverride: string | undefined;
  /** The sample server's own key, used instead of the stored one while browsing it. */
  private apiKeyOverride: string | undefined;

  constructor(
    private readonly keys: ApiKeyStore,
    private readonly log: CampfireLog,
    private readonly userAgent: string,
  ) {
    this.rebuild();
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if ([...CONNECTION_SETTINGS, ...NETWORK_SETTINGS].some((s) => e.affectsConfiguration(s))) {
          this.rebuild();
          this.changed.fire();
        }
      }),
      keys.onDidChange(() => this.changed.fire()),
    );
  }

  get settings(): CampfireSettings {
    return readSettings();
  }

  /** The client, or throws the configuration error (e.g. an http:// base URL) with its message. */
  get client(): CampfireClient {
    if (!this.current) throw this.configError ?? new Error('Campfire client is not configured');
    return this.current;
  }

  get baseUrl(): string {
    return this.baseUrlOverride ?? this.settings.baseUrl;
  }

  /**
   * Points the client at another server (the built-in sample server) with that server's key, or
   * back at the configured one. The stored key is neither read nor sent while overridden.
   */
  setBaseUrlOverride(url: string | undefined, apiKey?: string): void {
    this.baseUrlOverride = url;
    this.apiKeyOverride = url === undefined ? undefined : apiKey;
    this.rebuild();
    this.changed.fire();
  }

  /** Whether requests would carry a key (the stored one, or the sample server's while browsing it). */
  async hasApiKey(): Promise<boolean> {
    return (await this.apiKeyFor(this.baseUrlOverride !== undefined, this.apiKeyOverride)) !== undefined;
  }

  /** The key requests carry: while overridden the override's own, and the stored key is never read. */
  private apiKeyFor(overridden: boolean, overrideKey: string | undefined): Promise<string | undefined> {
    return overridden ? Promise.resolve(overrideKey) : this.keys.get();
  }

  private rebuild(): void {
    const old = this.current;
    const s = readSettings();
    const baseUrl = this.baseUrlOverride ?? s.baseUrl;
    // Taken now: a request still finishing on this client after the override changes must not
    // pick up the other server's key.
    const overridden = this.baseUrlOverride !== undefined;
    const overrideKey = this.apiKeyOverride;
    try {
      this.current = this.createClient(baseUrl, async () => {
        const key = await this.apiKeyFor(overridden, overrideKey);
        this.log.setSecrets([key]);
        return key;
      });
      this.configError = undefined;
      this.log.info(`Using Campfire at ${this.current.origin.origin} (at most ${s.maxConcurrentRequests} requests at once, ${s.requestTimeoutMs / 1000}s timeout)`);
    } catch (e) {
      this.current = undefined;
      this.configError = e as Error;
      this.log.error((e as Error).message);
    }
    // Requests still running on the old client finish on its pool; close it once they have.
    if (old) void old.close();
  }

  /**
   * A client of its own for one job (checking a key before it is stored), built like the window's:
   * the same proxy, certificates, limits and log, so a key that works here works for the tree.
   * The caller closes it.
   */
  probe(baseUrl: string, apiKey: string): CampfireClient {
    return this.createClient(baseUrl, () => apiKey, 'probe');
  }

  private createClient(baseUrl: string, getApiKey: CampfireClientOptions['getApiKey'], purpose: ClientSetup['purpose'] = 'session'): CampfireClient {
    const s = readSettings();
    return createClient({
      baseUrl,
      getApiKey,
      purpose,
      userAgent: this.userAgent,
      limits: { timeoutMs: s.requestTimeoutMs, maxResponseBytes: s.maxResponseBytes, maxConcurrent: s.maxConcurrentRequests },
      network: readNetworkSettings(),
      logger: (entry) => this.log.request(entry),
      // Each client tells the log of each value once; a rebuilt client (a setting changed) may
      // say it again, which the log can afford.
      onUnknownValue: (enumName, value) => this.log.warn(`Campfire sent an unknown ${enumName} value "${value}"; it is shown as is.`),
    });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.changed.dispose();
    void this.current?.close();
  }
}
