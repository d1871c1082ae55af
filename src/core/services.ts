// What commands and views receive: the window's long-lived services, created once in activate().
import type * as vscode from 'vscode';
import type { ApiKeyStore } from './apiKeyStore';
import type { CampfireConnection } from './connection';
import type { CampfireLog } from './log';

export interface Services {
  context: vscode.ExtensionContext;
  keys: ApiKeyStore;
  log: CampfireLog;
  connection: CampfireConnection;
}
