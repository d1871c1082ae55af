// The user's Campfire accounts (a name, the origin its key was verified against, the key), in SecretStorage.
// `keyFor(origin)` answers only for an account saved for exactly that origin.
import * as vscode from 'vscode';
import { errorMessage } from '../shared/errorMessage';
import { hostOf } from '../api/baseUrl';

export interface Account {
  /** Stable id (also the AuthenticationSession id). */
  readonly id: string;
  /** What the user calls it: "Production", "Sandbox", "Acme". */
  readonly label: string;
  /** `https://api.meetcampfire.com`: where its key may be sent, and nowhere else. */
  readonly origin: string;
}

interface Saved {
  accounts: Account[];
  /** The account the user chose last; among several for one origin, the one used. */
  active: string | undefined;
}

const LIST = 'campfire.accounts';
const KEY_PREFIX = 'campfire.key.';
/** Where versions before accounts kept their one key (for no particular origin). */
const LEGACY_KEY = 'campfire.apiKey';

/** SecretStorage could not store or read a key (no keyring on Linux, a locked keychain). */
export class SecretStorageError extends Error {
  constructor(cause: unknown) {
    const reason = errorMessage(cause);
    super(
      vscode.l10n.t({
        message:
          'VS Code could not use its secret storage ({0}). On Linux, start a keyring (GNOME Keyring or KWallet) or run VS Code with --password-store="gnome-libsecret" (or "kwallet5"); on macOS, unlock the login keychain. Nothing was changed.',
        args: [reason],
        comment: ['{0} is the reason the operating system gave; --password-store="gnome-libsecret" and "kwallet5" are written as is'],
      }),
    );
    this.name = 'SecretStorageError';
  }
}

/** "Production (api.meetcampfire.com)": how an account is named where its origin matters. */
export function describeAccount(a: Account): string {
  const host = hostOf(a.origin);
  return a.label === host ? host : `${a.label} (${host})`;
}

export class AccountStore implements vscode.Disposable {
  private saved: Saved = { accounts: [], active: undefined };
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when an account or key is added, renamed, removed or chosen, here or in another window. */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;
  /** Resolves once the saved accounts were read (and a key of an older version moved over). */
  readonly ready: Promise<void>;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    /** The origin a key saved by an older version was used with: the user's own setting, never a workspace's. */
    legacyOrigin: () => string,
  ) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key === LIST) void this.reload().then(() => this.changed.fire());
      else if (e.key.startsWith(KEY_PREFIX)) this.changed.fire();
    });
    // Everyone built before the first read (the connection, the tree, the status bar) saw no
    // accounts: once they are read, tell them, so a restarted window comes back signed in.
    this.ready = this.reload()
      .then(() => this.migrate(legacyOrigin))
      .then(() => this.changed.fire());
  }

  get accounts(): readonly Account[] {
    return this.saved.accounts;
  }

  /** The account used for `origin`: the chosen one if it is for that origin, else the first for it. */
  forOrigin(origin: string): Account | undefined {
    const all = this.saved.accounts.filter((a) => a.origin === origin);
    return all.find((a) => a.id === this.saved.active) ?? all[0];
  }

  get active(): Account | undefined {
    return this.saved.accounts.find((a) => a.id === this.saved.active) ?? this.saved.accounts[0];
  }

  /** The key saved for `origin`, or undefined. The only way a key is read. */
  async keyFor(origin: string): Promise<string | undefined> {
    await this.ready;
    const account = this.forOrigin(origin);
    return account ? this.keyOf(account) : undefined;
  }

  /** An account's key (for its own AuthenticationSession). */
  async keyOf(account: Account): Promise<string | undefined> {
    try {
      return (await this.secrets.get(KEY_PREFIX + account.id))?.trim() || undefined;
    } catch (e) {
      throw new SecretStorageError(e);
    }
  }

  /** Saves a verified key into the account of that origin and label, or a new one; it becomes the chosen one. */
  async save(origin: string, label: string, key: string): Promise<Account> {
    await this.ready;
    const existing = this.saved.accounts.find((a) => a.origin === origin && a.label === label);
    const account = existing ?? { id: newId(), label, origin };
    try {
      await this.secrets.store(KEY_PREFIX + account.id, key.trim());
    } catch (e) {
      throw new SecretStorageError(e);
    }
    await this.write({ accounts: existing ? this.saved.accounts : [...this.saved.accounts, account], active: account.id });
    return account;
  }

  async rename(id: string, label: string): Promise<void> {
    await this.write({ ...this.saved, accounts: this.saved.accounts.map((a) => (a.id === id ? { ...a, label } : a)) });
  }

  async choose(id: string): Promise<void> {
    if (this.saved.accounts.some((a) => a.id === id)) await this.write({ ...this.saved, active: id });
  }

  /** Signs out of one account: its key is deleted. */
  async remove(id: string): Promise<void> {
    const accounts = this.saved.accounts.filter((a) => a.id !== id);
    await this.write({ accounts, active: this.saved.active === id ? accounts[0]?.id : this.saved.active });
    await this.secrets.delete(KEY_PREFIX + id).then(undefined, () => undefined);
  }

  async removeAll(): Promise<void> {
    const ids = this.saved.accounts.map((a) => a.id);
    await this.write({ accounts: [], active: undefined });
    await Promise.all(ids.map((id) => this.secrets.delete(KEY_PREFIX + id).then(undefined, () => undefined)));
  }

  private async reload(): Promise<void> {
    try {
      const text = await this.secrets.get(LIST);
      this.saved = text ? parseSaved(text) : { accounts: [], active: undefined };
    } catch {
      // Unreadable storage is the same as no accounts: the tree asks the user to sign in, and
      // signing in then says what is wrong with the storage.
      this.saved = { accounts: [], active: undefined };
    }
  }

  private async write(saved: Saved): Promise<void> {
    try {
      await this.secrets.store(LIST, JSON.stringify(saved));
    } catch (e) {
      throw new SecretStorageError(e);
    }
    this.saved = saved;
    this.changed.fire();
  }

  /** A key from before accounts becomes an account for the origin it was used with. */
  private async migrate(legacyOrigin: () => string): Promise<void> {
    try {
      const key = (await this.secrets.get(LEGACY_KEY))?.trim();
      if (!key) return;
      if (this.saved.accounts.length === 0) {
        const origin = legacyOrigin();
        await this.save(origin, hostOf(origin), key);
      }
      await this.secrets.delete(LEGACY_KEY);
    } catch {
      // Left where it was; the next start tries again.
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function parseSaved(text: string): Saved {
  const raw = JSON.parse(text) as Partial<Saved>;
  const accounts = Array.isArray(raw.accounts)
    ? raw.accounts.filter((a): a is Account => typeof a.id === 'string' && typeof a.label === 'string' && typeof a.origin === 'string')
    : [];
  return { accounts, active: typeof raw.active === 'string' ? raw.active : undefined };
}

function newId(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}
