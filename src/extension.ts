// Entry point: builds the window's services (key store, log, API connection, sample data), then
// its views, then the commands that act on them. Imports only point down:
// extension -> commands -> views -> ui -> model -> core -> api (docs/ARCHITECTURE.md).
import * as vscode from 'vscode';
import { CampfireCache } from './cache/cacheStore';
import { registerCommands } from './commands';
import { AccountStore } from './core/accounts';
import { CampfireConnection } from './core/connection';
import { CampfireLog } from './core/log';
import { SAMPLE_DATA_ENV, SampleMode } from './core/sampleMode';
import type { Services } from './core/services';
import { cacheMaxBytes, userOrigin } from './core/settings';
import { configureSharedL10n } from './core/sharedL10n';
import { useDisplayLocale } from './shared/countFormat';
import { createViews, type Views } from './views';
import { usageEventsSerializer } from './usageEvents/host';
import { registerChatParticipant } from './agentTools/host/chatParticipant';
import { registerLanguageModelTools } from './agentTools/host/languageModelTools';
import { registerMcpServerProvider } from './agentTools/host/mcpServerProvider';

export function activate(context: vscode.ExtensionContext): unknown {
  configureSharedL10n();
  // Counts and amounts read in VS Code's display language, on the host as in the webview.
  useDisplayLocale(vscode.env.language);
  const version = (context.extension.packageJSON as { version?: string }).version ?? '0.0.0';
  const log = new CampfireLog();
  // A key saved before accounts existed was used with the user's own base URL setting.
  const accounts = new AccountStore(context.secrets, () => userOrigin());
  const connection = new CampfireConnection(accounts, log, `campfire-vscode/${version} (VS Code ${vscode.version})`, context.globalState);
  const sample = new SampleMode({ accounts, log, connection }, context.globalState, process.env[SAMPLE_DATA_ENV] === '1');
  const cache = new CampfireCache({ root: vscode.Uri.joinPath(context.globalStorageUri, 'cache').fsPath, maxBytes: cacheMaxBytes, log });
  const services: Services = { context, accounts, log, connection, sample, cache };
  const { views, disposables } = createViews(services);
  context.subscriptions.push(log, accounts, connection, sample, ...disposables, ...registerCommands(services, views));
  // Agents' way in: the language-model tools, @campfire and the MCP server, on the same model and cache as the tree.
  context.subscriptions.push(
    ...registerLanguageModelTools(services, views.model),
    ...registerChatParticipant(services, views.model),
    ...registerMcpServerProvider(services, views.model),
  );
  log.info(`Campfire ${version} activated`);
  // The extension-host tests reach the window's internals through a module that exists only in
  // their build (dist/testing.js is not packaged) and loads only in a test run.
  if (context.extensionMode === vscode.ExtensionMode.Test) return loadTestingApi(context, services, { views, usageEventsSerializer: usageEventsSerializer(views.usageEventsPanels) });
  return undefined;
}

/** The window's internals as activate() hands them to dist/testing.js (that bundle has its own copies of every class). */
export interface TestingInternals {
  views: Views;
  usageEventsSerializer: vscode.WebviewPanelSerializer;
}

function loadTestingApi(context: vscode.ExtensionContext, services: Services, internals: TestingInternals): unknown {
  const file = vscode.Uri.joinPath(context.extensionUri, 'dist', 'testing.js').fsPath;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const testing = require(file) as { createTestingApi(context: vscode.ExtensionContext, services: Services, internals: TestingInternals): unknown };
  return testing.createTestingApi(context, services, internals);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
