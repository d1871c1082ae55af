// Entry point: builds the window's services (key store, log, API connection) and registers the
// commands and views. Data flows one way: api -> model -> views; views never make requests.
import * as vscode from 'vscode';
import { registerCheckConnection } from './commands/checkConnection';
import { registerExportCommands } from './commands/export';
import { registerShowLog } from './commands/showLog';
import { registerSignIn } from './commands/signIn';
import { registerSignOut } from './commands/signOut';
import { ApiKeyStore } from './core/apiKeyStore';
import { CampfireConnection } from './core/connection';
import { CampfireLog } from './core/log';
import type { Services } from './core/services';
import { contractsTreeApi, registerViews, type ContractsTreeApi } from './views';
import { registerUsageEventsPanel, usageEventsSerializer } from './views/usageEvents';
import { UsageEventsPanel, type SentToWebview } from './views/usageEvents/panel';

export interface CampfireExtensionApi {
  /** For the extension-host tests: the live services of this window. */
  readonly services: Services;
  /** For the extension-host tests: the Contracts view's model, tree and sample-data mode. */
  readonly tree: ContractsTreeApi | undefined;
  /** For the extension-host tests: everything the usage-events panels hand to their webviews. */
  readonly onDidSendToUsageEventsWebview: vscode.Event<SentToWebview>;
  /** For the extension-host tests: what VS Code calls to bring usage-events panels back after a reload. */
  readonly usageEventsSerializer: vscode.WebviewPanelSerializer;
}

export function activate(context: vscode.ExtensionContext): CampfireExtensionApi {
  const version = (context.extension.packageJSON as { version?: string }).version ?? '0.0.0';
  const log = new CampfireLog();
  const keys = new ApiKeyStore(context.secrets);
  const connection = new CampfireConnection(keys, log, `campfire-vscode/${version} (VS Code ${vscode.version})`);
  const services: Services = { context, keys, log, connection };
  context.subscriptions.push(
    log,
    keys,
    connection,
    registerShowLog(services),
    registerCheckConnection(services),
    registerSignIn(services),
    registerSignOut(services),
    ...registerViews(services),
    ...registerUsageEventsPanel(services),
    ...registerExportCommands(services),
  );
  log.info(`Campfire ${version} activated`);
  return {
    services,
    tree: contractsTreeApi(),
    onDidSendToUsageEventsWebview: UsageEventsPanel.onDidSend,
    usageEventsSerializer: usageEventsSerializer(services),
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
