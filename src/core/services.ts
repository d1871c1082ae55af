// What commands and views receive: the window's long-lived services, created once in activate().
import type * as vscode from 'vscode';
import type { CampfireCache } from '../cache/cacheStore';
import type { AccountStore } from './accounts';
import type { CampfireConnection } from './connection';
import type { CampfireLog } from './log';
import type { SampleMode } from './sampleMode';

export interface Services {
  context: vscode.ExtensionContext;
  /** The user's Campfire accounts and their keys (SecretStorage). */
  accounts: AccountStore;
  log: CampfireLog;
  connection: CampfireConnection;
  /** Browsing the built-in sample server instead of the user's account. */
  sample: SampleMode;
  /** What the window last read, per account, on disk (src/cache): instant reopen and offline browsing. */
  cache: CampfireCache;
}
