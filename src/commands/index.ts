// Every command of the extension, registered from one table: a command id (contributed in
// package.json) to the factory that makes its handler from the window's services and views.
import * as vscode from 'vscode';
import { registerCampfireAuthentication } from '../core/authProvider';
import type { Services } from '../core/services';
import type { Views } from '../views';
import { checkConnection, clearCache, exploreSampleData, leaveSampleData, showLog, signOut, signOutAll } from './account';
import { exportCommands } from './export';
import { openUsageEvents } from '../usageEvents/host/openUsageEvents';
import { copyLink, linkHandler } from './links';
import { copyCampfireLink, copyId, copyJson, openInCampfire, viewJson } from './record';
import { reconcileContract } from './reconcile';
import { signIn } from './signIn';
import { accountFlows, switchAccount } from './switchAccount';
import { clearFilter, filter, loadAll, loadMore, refresh, retry, sort } from './tree';
import type { TreeCommandContext } from './treeTargets';
import { cellMenuCommands } from '../usageEvents/host/cellMenu';

/** Makes a command's handler; the handler takes what its callers pass (a tree node, an argument object, nothing). */
type CommandFactory = (ctx: TreeCommandContext) => (...args: never[]) => unknown;

const COMMANDS: Record<string, CommandFactory> = {
  'campfire.signIn': signIn,
  'campfire.signOut': signOut,
  'campfire.signOutAll': signOutAll,
  'campfire.switchAccount': switchAccount,
  'campfire.clearCache': clearCache,
  'campfire.checkConnection': checkConnection,
  'campfire.showLog': showLog,
  'campfire.exploreSampleData': exploreSampleData,
  'campfire.leaveSampleData': leaveSampleData,
  'campfire.refresh': refresh,
  'campfire.loadMore': loadMore,
  'campfire.loadAll': loadAll,
  'campfire.retry': retry,
  'campfire.filter': filter,
  'campfire.clearFilter': clearFilter,
  'campfire.sort': sort,
  'campfire.copyId': copyId,
  'campfire.copyJson': copyJson,
  'campfire.viewJson': viewJson,
  'campfire.openInCampfire': openInCampfire,
  'campfire.copyLink': copyLink,
  'campfire.copyCampfireLink': copyCampfireLink,
  'campfire.openUsageEvents': openUsageEvents,
  'campfire.reconcileContract': reconcileContract,
  ...exportCommands(),
  // The usage-events grid's context menu.
  ...cellMenuCommands(),
};

export function registerCommands(services: Services, views: Views): vscode.Disposable[] {
  const ctx: TreeCommandContext = { services, ...views };
  return [
    ...Object.entries(COMMANDS).map(([id, create]) => vscode.commands.registerCommand(id, create(ctx))),
    // Campfire in VS Code's Accounts menu: its sign-in and sign-out are this layer's flows.
    registerCampfireAuthentication(services.accounts, accountFlows(services)),
    // Links copied with Copy Link open here.
    vscode.window.registerUriHandler(linkHandler(ctx)),
  ];
}
