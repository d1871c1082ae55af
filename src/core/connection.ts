// The window's one API client, rebuilt when a connection setting changes, so every caller shares one
// pool and scheduler. Requests carry only the key of the account saved for the client's own origin.
import * as vscode from 'vscode';
import type { CampfireClient, CampfireClientOptions } from '../api/client';
import { createClient, type ClientSetup } from '../api/createClient';
import { firstPage } from '../api/pagination';
import type { RequestLogEntry, RequestLogger } from '../api/requestLog';
import type { Account, AccountStore } from './accounts';
import { contracts } from '../resources';
import type { CampfireLog } from './log';
import { CONNECTION_SETTINGS, NETWORK_SETTINGS, readNetworkSettings, readSettings, userBaseUrl, type CampfireSettings } from './settings';
import { Disposable } from '../shared/disposable';

/** What the window's requests said lately about the server: reachable, unreachable, rate-limiting. */
export interface ConnectionHealth {
  /** When a request last succeeded (ms since the epoch); undefined before the first one. */
  readonly lastSuccessAt: number | undefined;
  /** The problem the latest requests ran into, until a request is answered again. */
  readonly problem: ConnectionProblem | undefined;
}

export interface ConnectionProblem {
  /** unreachable: a network error or a timeout; rateLimited: a 429; keyRejected: a 401 (the key is wrong or revoked). */
  readonly kind: 'unreachable' | 'rateLimited' | 'keyRejected';
  /** When it was first seen (ms since the epoch). */
  readonly since: number;
  /** The client's message for the latest such attempt (safe to show: no key, no control characters). */
  readonly message: string | undefined;
}

/** Follows the client's request log; listeners hear of it throttled, as requests can be thousands a second. */
class HealthTracker implements vscode.Disposable {
  private static readonly URGENT_MS = 100;
  private static readonly ROUTINE_MS = 1000;
  private state: ConnectionHealth = { lastSuccessAt: undefined, problem: undefined };
  private timer: NodeJS.Timeout | undefined;
  private due = 0;
  private readonly changed = new vscode.EventEmitter<ConnectionHealth>();
  readonly onDidChange = this.changed.event;

  get health(): ConnectionHealth {
    return this.state;
  }

  note(e: RequestLogEntry): void {
    if (e.outcome === 'cancelled') return;
    const now = Date.now();
    const previous = this.state.problem;
    if (e.outcome === 'ok') {
      this.state = { lastSuccessAt: now, problem: undefined };
      this.schedule(previous !== undefined);
      return;
    }
    // Nothing answered (a network error, a timeout), or Campfire asked to slow down.
    const kind = e.status === 429 ? 'rateLimited' : e.status === 401 ? 'keyRejected' : e.errorKind === 'network' || e.errorKind === 'timeout' ? 'unreachable' : undefined;
    if (kind) {
      this.state = { ...this.state, problem: { kind, since: previous?.kind === kind ? previous.since : now, message: e.message } };
      this.schedule(previous?.kind !== kind);
    } else if (e.status !== undefined && previous) {
      // Answered (a 5xx): the server is reachable and not rate-limiting; no success either.
      this.state = { ...this.state, problem: undefined };
      this.schedule(true);
    }
  }

  reset(): void {
    this.state = { lastSuccessAt: undefined, problem: undefined };
    this.schedule(true);
  }

  /** A key was saved or removed: a rejection of the previous one no longer says anything. */
  forgetRejectedKey(): void {
    if (this.state.problem?.kind !== 'keyRejected') return;
    this.state = { ...this.state, problem: undefined };
    this.schedule(true);
  }

  private schedule(urgent: boolean): void {
    const due = Date.now() + (urgent ? HealthTracker.URGENT_MS : HealthTracker.ROUTINE_MS);
    if (this.timer) {
      if (this.due <= due) return;
      clearTimeout(this.timer);
    }
    this.due = due;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.changed.fire(this.state);
    }, due - Date.now());
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.changed.dispose();
  }
}

/** While Campfire is unreachable nothing else asks it, so one small request checks again at growing intervals. */
class ReachabilityCheck extends Disposable {
  private static readonly FIRST_MS = 5_000;
  private static readonly MAX_MS = 60_000;
  private delay = ReachabilityCheck.FIRST_MS;
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(private readonly connection: CampfireConnection) {
    super();
    this.register(
      connection.onDidChangeHealth(() => this.follow()),
      vscode.window.onDidChangeWindowState((state) => {
        if (state.focused && this.unreachable()) this.schedule(0);
      }),
    );
  }

  /** A method, not a getter: the answer changes across the awaits below. */
  private unreachable(): boolean {
    return this.connection.health.problem?.kind === 'unreachable';
  }

  private follow(): void {
    if (!this.unreachable()) {
      this.cancel();
      this.delay = ReachabilityCheck.FIRST_MS;
    } else if (!this.timer && !this.running) {
      this.schedule(this.delay);
    }
  }

  private schedule(ms: number): void {
    this.cancel();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.check();
    }, ms);
  }

  private async check(): Promise<void> {
    if (this.running || !this.unreachable()) return;
    this.running = true;
    try {
      await firstPage(contracts.list(this.connection.client, {}, { pageSize: 1, maxItems: 1 }));
    } catch {
      // Still unreachable (or answering with an error, which clears the problem all the same).
    } finally {
      this.running = false;
    }
    if (this.unreachable()) {
      this.delay = Math.min(this.delay * 2, ReachabilityCheck.MAX_MS);
      this.schedule(this.delay);
    }
  }

  private cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  override dispose(): void {
    this.cancel();
    super.dispose();
  }
}

/** Where the active account's origin is kept: switching accounts never writes the user's settings.json. */
const ACTIVE_ORIGIN = 'campfire.activeOrigin';

export class CampfireConnection extends Disposable {
  private current: CampfireClient | undefined;
  private configError: Error | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the client was rebuilt (base URL, concurrency or timeout changed) or an account or key changed. */
  readonly onDidChange = this.changed.event;
  private readonly healthTracker = new HealthTracker();
  /** Fires (throttled) when what the requests say about the server changed, not for every request. */
  readonly onDidChangeHealth = this.healthTracker.onDidChange;
  /** Counts clients built, so a request finishing on an old one says nothing about the new one. */
  private generation = 0;
  private baseUrlOverride: string | undefined;
  /** The sample server's own key, used instead of the stored one while browsing it. */
  private apiKeyOverride: string | undefined;
  /** The base URL the current client was built for. */
  private builtFor: string | undefined;
  /** The user's own campfire.baseUrl as last seen: a change of it is the user choosing a new default. */
  private userDefault = userBaseUrl();

  constructor(
    private readonly accounts: AccountStore,
    private readonly log: CampfireLog,
    private readonly userAgent: string,
    /** Extension state (globalState), shared by the user's windows. */
    private readonly state: vscode.Memento,
  ) {
    super();
    this.rebuild();
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('campfire.baseUrl') && userBaseUrl() !== this.userDefault) {
          // The user pointed their own setting somewhere: that is where they want to be now.
          this.userDefault = userBaseUrl();
          void this.state.update(ACTIVE_ORIGIN, undefined);
        }
        if ([...CONNECTION_SETTINGS, ...NETWORK_SETTINGS].some((s) => e.affectsConfiguration(s))) {
          this.rebuild();
          this.changed.fire();
        }
      }),
      accounts.onDidChange(() => {
        this.healthTracker.forgetRejectedKey();
        // Another window may have switched accounts (the origin is shared state).
        if (this.baseUrlOverride === undefined && this.settings.baseUrl !== this.builtFor) this.rebuild();
        this.changed.fire();
      }),
      new ReachabilityCheck(this),
      this.changed,
      this.healthTracker,
      { dispose: () => void this.current?.close() },
    );
  }

  /** The settings, the base URL being the active account's origin unless a workspace sets one. */
  get settings(): CampfireSettings {
    return readSettings(this.state.get<string>(ACTIVE_ORIGIN));
  }

  /** Makes `origin` (an account's) the one the window uses, in every window, without touching settings.json; undefined goes back to the setting. */
  async useOrigin(origin: string | undefined): Promise<void> {
    await this.state.update(ACTIVE_ORIGIN, origin);
    if (this.baseUrlOverride === undefined && this.settings.baseUrl !== this.builtFor) {
      this.rebuild();
      this.changed.fire();
    }
  }

  /** The origin the user last switched to, if they did since last changing campfire.baseUrl. */
  get activeOrigin(): string | undefined {
    return this.state.get<string>(ACTIVE_ORIGIN);
  }

  /** The client, or throws the configuration error (e.g. an http:// base URL) with its message. */
  get client(): CampfireClient {
    if (!this.current) throw this.configError ?? new Error(vscode.l10n.t('Campfire client is not configured'));
    return this.current;
  }

  get baseUrl(): string {
    return this.baseUrlOverride ?? this.settings.baseUrl;
  }

  /** The last success and the current problem of the window's client (reset when it is rebuilt). */
  get health(): ConnectionHealth {
    return this.healthTracker.health;
  }

  /** The origin requests go to (undefined while the base URL setting is refused). */
  get origin(): string | undefined {
    return this.current?.origin.origin;
  }

  get isSample(): boolean {
    return this.baseUrlOverride !== undefined;
  }

  /** The account whose key requests carry: the one saved for this origin (none for sample data). */
  get account(): Account | undefined {
    const origin = this.origin;
    return this.isSample || origin === undefined ? undefined : this.accounts.forOrigin(origin);
  }

  /** Points the client at the sample server with its key, or back; the stored key is not read meanwhile. */
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

  private apiKeyFor(overridden: boolean, overrideKey: string | undefined, origin = this.origin): Promise<string | undefined> {
    if (overridden) return Promise.resolve(overrideKey);
    return origin === undefined ? Promise.resolve(undefined) : this.accounts.keyFor(origin);
  }

  private rebuild(): void {
    const old = this.current;
    const s = this.settings;
    const baseUrl = this.baseUrlOverride ?? s.baseUrl;
    this.builtFor = this.baseUrlOverride === undefined ? baseUrl : undefined;
    // Taken now: a request finishing after the override changes must not pick up the other server's key.
    const overridden = this.baseUrlOverride !== undefined;
    const overrideKey = this.apiKeyOverride;
    const generation = ++this.generation;
    this.healthTracker.reset();
    const observe: RequestLogger = (entry) => {
      if (generation === this.generation) this.healthTracker.note(entry);
    };
    try {
      const client: CampfireClient = this.createClient(
        baseUrl,
        async () => {
          // The key of this client's own origin, whatever the window points at by the time it asks.
          const key = await this.apiKeyFor(overridden, overrideKey, client.origin.origin);
          this.log.setSecrets([key]);
          return key;
        },
        'session',
        observe,
      );
      this.current = client;
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

  /** A client of its own for checking a key before it is stored, built like the window's; the caller closes it. */
  probe(baseUrl: string, apiKey: string): CampfireClient {
    return this.createClient(baseUrl, () => apiKey, 'probe');
  }

  private createClient(baseUrl: string, getApiKey: CampfireClientOptions['getApiKey'], purpose: ClientSetup['purpose'] = 'session', observe?: RequestLogger): CampfireClient {
    const s = readSettings();
    return createClient({
      baseUrl,
      getApiKey,
      purpose,
      userAgent: this.userAgent,
      limits: { timeoutMs: s.requestTimeoutMs, maxResponseBytes: s.maxResponseBytes, maxConcurrent: s.maxConcurrentRequests },
      network: readNetworkSettings(),
      logger: (entry) => {
        this.log.request(entry);
        observe?.(entry);
      },
      onUnknownValue: (enumName, value) => this.log.warn(`Campfire sent an unknown ${enumName} value "${value}"; it is shown as is.`),
    });
  }
}
