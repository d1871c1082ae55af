// Whether the Contracts view has something to show: a stored API key or sample data. Mirrors the
// state into context keys for the welcome view and menus, and follows key changes made in other
// windows (SecretStorage.onDidChange reaches every window).
import * as vscode from 'vscode';
import type { Services } from '../core/services';

export class Session implements vscode.Disposable {
  private signedIn = false;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  /** Resolves once the key store was read the first time. */
  readonly ready: Promise<void>;

  constructor(private readonly services: Services) {
    this.disposables.push(
      services.connection.onDidChange(() => void this.read()),
      services.sample.onDidChange(() => this.changed.fire()),
    );
    this.ready = this.read();
  }

  get isSignedIn(): boolean {
    return this.signedIn;
  }

  /** Signed in or browsing sample data. */
  get isActive(): boolean {
    return this.signedIn || this.services.sample.active;
  }

  private async read(): Promise<void> {
    // Signed in to the origin the window points at (sample data has its own key, not an account).
    const signedIn = this.services.connection.account !== undefined && (await this.services.accounts.keyFor(this.services.connection.origin ?? '')) !== undefined;
    const was = this.signedIn;
    this.signedIn = signedIn;
    await vscode.commands.executeCommand('setContext', 'campfire.signedIn', signedIn);
    if (was !== signedIn) this.changed.fire();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.changed.dispose();
  }
}
