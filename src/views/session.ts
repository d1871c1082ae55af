// Whether the Contracts view has something to show (a stored key or sample data), mirrored into
// context keys and followed across windows. Nothing shows as signed out before the accounts were read.
import * as vscode from 'vscode';
import type { Services } from '../core/services';
import { Disposable } from '../shared/disposable';

export class Session extends Disposable {
  private signedIn = false;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  /** Reads in order: a slow read of an old state must not land after a newer one. */
  private reads: Promise<void> = Promise.resolve();
  /** Resolves once the stored state (accounts, keys, sample data) was read the first time. */
  readonly ready: Promise<void>;

  constructor(private readonly services: Services) {
    super();
    this.register(
      services.connection.onDidChange(() => void this.read()),
      services.sample.onDidChange(() => this.changed.fire()),
      this.changed,
    );
    this.ready = Promise.all([services.accounts.ready, services.sample.restored])
      .then(() => this.read())
      .then(() => vscode.commands.executeCommand('setContext', 'campfire.restored', true))
      .then(() => undefined);
  }

  get isSignedIn(): boolean {
    return this.signedIn;
  }

  get isActive(): boolean {
    return this.signedIn || this.services.sample.active;
  }

  private read(): Promise<void> {
    this.reads = this.reads.then(() => this.readNow()).catch(() => undefined);
    return this.reads;
  }

  private async readNow(): Promise<void> {
    const { accounts, connection } = this.services;
    await accounts.ready;
    // Signed in to the origin the window points at (sample data has its own key, not an account).
    const origin = connection.origin;
    const signedIn = connection.account !== undefined && origin !== undefined && (await accounts.keyFor(origin).catch(() => undefined)) !== undefined;
    const was = this.signedIn;
    this.signedIn = signedIn;
    await vscode.commands.executeCommand('setContext', 'campfire.signedIn', signedIn);
    if (was !== signedIn) this.changed.fire();
  }
}
