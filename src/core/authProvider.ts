// Campfire in VS Code's Accounts menu: sessions are the saved accounts, and another extension gets a
// key only after VS Code's own consent prompt.
import * as vscode from 'vscode';
import { describeAccount, type Account, type AccountStore } from './accounts';

export const AUTH_PROVIDER_ID = 'campfire';
export const AUTH_PROVIDER_LABEL = 'Campfire';

/** The user-facing flows behind the provider, from the commands layer. */
export interface AccountFlows {
  /** Asks for a name, origin and key, or with `account` only its key; undefined when cancelled. */
  signIn(account?: Pick<Account, 'origin' | 'label'>): Promise<Account | undefined>;
  /** Signs out of one account (deletes its key). */
  signOut(accountId: string): Promise<void>;
}

export class CampfireAuthenticationProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.changed.event;
  /** The sessions last announced, by id: what the next change is compared with. */
  private known = new Map<string, vscode.AuthenticationSession>();
  /** Comparisons run one after another, so two quick changes are reported once each, in order. */
  private queue: Promise<void>;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly accounts: AccountStore,
    private readonly flows: AccountFlows,
  ) {
    this.queue = accounts.ready
      .then(async () => {
        this.known = await this.current();
      })
      .catch(() => undefined);
    this.subscription = accounts.onDidChange(() => {
      this.queue = this.queue.then(() => this.announce()).catch(() => undefined);
    });
  }

  async getSessions(_scopes: readonly string[] | undefined, options?: vscode.AuthenticationProviderSessionOptions): Promise<vscode.AuthenticationSession[]> {
    // A Campfire key has a role, not scopes: every account answers for any scopes.
    await this.accounts.ready;
    const sessions = [...(await this.current()).values()];
    return options?.account ? sessions.filter((s) => s.account.id === options.account?.id) : sessions;
  }

  async createSession(_scopes: readonly string[], options?: vscode.AuthenticationProviderSessionOptions): Promise<vscode.AuthenticationSession> {
    const again = options?.account && this.accounts.accounts.find((a) => a.id === options.account?.id);
    const account = await this.flows.signIn(again ? { origin: again.origin, label: again.label } : undefined);
    if (!account) throw new Error(vscode.l10n.t('Signing in to Campfire was cancelled.'));
    const session = await this.sessionOf(account);
    if (!session) throw new Error(vscode.l10n.t('The API key of {0} could not be read back from secret storage.', describeAccount(account)));
    return session;
  }

  async removeSession(sessionId: string): Promise<void> {
    await this.flows.signOut(sessionId);
  }

  /** Every saved account with a readable key, as a session. */
  private async current(): Promise<Map<string, vscode.AuthenticationSession>> {
    const sessions = await Promise.all(this.accounts.accounts.map((a) => this.sessionOf(a)));
    return new Map(sessions.filter((s) => s !== undefined).map((s) => [s.id, s]));
  }

  private async sessionOf(account: Account): Promise<vscode.AuthenticationSession | undefined> {
    let key: string | undefined;
    try {
      key = await this.accounts.keyOf(account);
    } catch {
      // Unreadable secret storage: the account is not offered (signing in says what is wrong).
      return undefined;
    }
    return key === undefined ? undefined : { id: account.id, accessToken: key, account: { id: account.id, label: describeAccount(account) }, scopes: [] };
  }

  /** Compares the accounts with the sessions last announced and reports the difference. */
  private async announce(): Promise<void> {
    const now = await this.current();
    const before = this.known;
    this.known = now;
    const added = [...now.values()].filter((s) => !before.has(s.id));
    const removed = [...before.values()].filter((s) => !now.has(s.id));
    const changed = [...now.values()].filter((s) => {
      const old = before.get(s.id);
      return old !== undefined && (old.account.label !== s.account.label || old.accessToken !== s.accessToken);
    });
    if (added.length || removed.length || changed.length) this.changed.fire({ added, removed, changed });
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** Puts Campfire in the Accounts menu for as long as the returned disposable lives. */
export function registerCampfireAuthentication(accounts: AccountStore, flows: AccountFlows): vscode.Disposable {
  const provider = new CampfireAuthenticationProvider(accounts, flows);
  const registration = vscode.authentication.registerAuthenticationProvider(AUTH_PROVIDER_ID, AUTH_PROVIDER_LABEL, provider, { supportsMultipleAccounts: true });
  return vscode.Disposable.from(registration, provider);
}
