// "Explore sample data": the local Campfire server on a loopback port, with its own key; the stored key
// is not sent. Its own bundle (dist/sampleData.js), loaded the first time.
import path from 'node:path';
import * as vscode from 'vscode';
import type { AccountStore } from './accounts';
import type { CampfireConnection } from './connection';
import type { CampfireLog } from './log';
import type { SampleDataModule, SampleDataServer } from '../sampleServer/sampleData';
import { requireFirst } from '../shared/requireFirst';
import { errorMessage } from '../shared/errorMessage';

/** Set to 1 to start in sample-data mode (used by `npm start`). */
export const SAMPLE_DATA_ENV = 'CAMPFIRE_SAMPLE_DATA';

/** Global state: the user was browsing sample data when the window last closed. */
const SAMPLE_STATE_KEY = 'campfire.sampleData';

/** dist/sampleData.js, or the transpiled module when this file runs unbundled in out/. */
function loadSampleData(): SampleDataModule {
  const candidates = [path.join(__dirname, 'sampleData.js'), path.join(__dirname, '..', 'sampleServer', 'sampleData.js')];
  const loaded = requireFirst(candidates) as SampleDataModule | undefined;
  if (!loaded) throw new Error(vscode.l10n.t('The sample data is missing from this installation ({0}); reinstall the Campfire extension.', candidates[0] ?? ''));
  return loaded;
}

export class SampleMode implements vscode.Disposable {
  private server: SampleDataServer | undefined;
  private transition: Promise<void> | undefined;
  private readonly changed = new vscode.EventEmitter<boolean>();
  /** Fires with the new state when sample data is entered or left. */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  /** Resolves once the last session's choice was taken back (sample data restarted, or not). */
  readonly restored: Promise<void>;

  constructor(
    private readonly services: { accounts: AccountStore; connection: CampfireConnection; log: CampfireLog },
    /** Where the choice is kept across restarts (global state: like the accounts, not per folder). */
    private readonly state: vscode.Memento,
    startNow: boolean,
  ) {
    void vscode.commands.executeCommand('setContext', 'campfire.sampleMode', false);
    // Signing in (here or in another window) means the user wants their own data. Counted from
    // the first read of the accounts, so that reading them is not mistaken for a sign-in.
    let accounts: number | undefined;
    this.subscription = services.accounts.onDidChange(() => {
      const now = services.accounts.accounts.length;
      if (accounts !== undefined && now > accounts && this.active) void this.stop();
      if (accounts !== undefined) accounts = now;
    });
    void services.accounts.ready.then(() => (accounts = services.accounts.accounts.length));
    // A window that was browsing sample data when it closed comes back to it.
    this.restored = startNow || state.get<boolean>(SAMPLE_STATE_KEY) === true
      ? this.start().catch((e: unknown) => services.log.error(`Could not start sample data: ${errorMessage(e)}`))
      : Promise.resolve();
  }

  get active(): boolean {
    return this.server !== undefined;
  }

  /** The sample server's address while active (for the tests and the log). */
  get url(): string | undefined {
    return this.server?.url;
  }

  start(): Promise<void> {
    if (this.server) return Promise.resolve();
    this.transition ??= this.doStart().finally(() => (this.transition = undefined));
    return this.transition;
  }

  async stop(): Promise<void> {
    await this.transition;
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await this.state.update(SAMPLE_STATE_KEY, undefined);
    await vscode.commands.executeCommand('setContext', 'campfire.sampleMode', false);
    this.services.connection.setBaseUrlOverride(undefined);
    this.changed.fire(false);
    await server.close();
    this.services.log.info('Left sample data: the local Campfire server was stopped');
  }

  private async doStart(): Promise<void> {
    const { startSampleServer, SAMPLE_DATA_OPTIONS } = loadSampleData();
    const server = await startSampleServer(SAMPLE_DATA_OPTIONS);
    this.server = server;
    await this.state.update(SAMPLE_STATE_KEY, true);
    await vscode.commands.executeCommand('setContext', 'campfire.sampleMode', true);
    this.services.connection.setBaseUrlOverride(server.url, server.token ?? undefined);
    this.changed.fire(true);
    this.services.log.info(`Browsing sample data from the local Campfire server at ${server.url}`);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
    const server = this.server;
    this.server = undefined;
    if (server) void server.close();
  }
}
