// The API key lives only in VS Code's SecretStorage (the OS keychain on desktop). It is read on
// every request and never copied into settings, logs, messages or URLs.
import * as vscode from 'vscode';

const SECRET_KEY = 'campfire.apiKey';

export class ApiKeyStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the key is stored or deleted, in this window or another one. */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key === SECRET_KEY) this.changed.fire();
    });
  }

  async get(): Promise<string | undefined> {
    const key = await this.secrets.get(SECRET_KEY);
    return key?.trim() || undefined;
  }

  async set(apiKey: string): Promise<void> {
    await this.secrets.store(SECRET_KEY, apiKey.trim());
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SECRET_KEY);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
