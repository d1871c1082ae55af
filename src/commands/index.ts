// Every command of the extension, registered in one place (the command ids are contributed in
// package.json). Each command lives in its own file and acts on the window's services and views.
import type * as vscode from 'vscode';
import { registerCampfireAuthentication } from '../core/authProvider';
import type { Services } from '../core/services';
import type { Views } from '../views';
import { registerCheckConnection } from './checkConnection';
import { registerClearCache } from './clearCache';
import { registerClearFilter } from './clearFilter';
import { registerCopyId } from './copyId';
import { registerCopyJson } from './copyJson';
import { registerExploreSampleData } from './exploreSampleData';
import { registerExportCommands } from './export';
import { registerFilter } from './filter';
import { registerLeaveSampleData } from './leaveSampleData';
import { registerLoadAll } from './loadAll';
import { registerLoadMore } from './loadMore';
import { registerOpenInCampfire } from './openInCampfire';
import { registerOpenUsageEvents } from '../usageEvents/host/openUsageEvents';
import { registerRefresh } from './refresh';
import { registerRetry } from './retry';
import { registerShowLog } from './showLog';
import { registerSignIn } from './signIn';
import { registerSignOut } from './signOut';
import { registerSort } from './sort';
import { accountFlows, registerSwitchAccount } from './switchAccount';
import type { TreeCommandContext } from './treeTargets';
import { registerCellMenu } from '../usageEvents/host/cellMenu';
import { registerViewJson } from './viewJson';

export function registerCommands(services: Services, views: Views): vscode.Disposable[] {
  const ctx: TreeCommandContext = { services, ...views };
  return [
    registerShowLog(services),
    registerCheckConnection(services),
    registerSignIn(services),
    ...registerSignOut(services),
    registerSwitchAccount(services),
    registerClearCache(services),
    // Campfire in VS Code's Accounts menu: its sign-in and sign-out are this layer's flows.
    registerCampfireAuthentication(services.accounts, accountFlows(services)),
    registerOpenUsageEvents(ctx),
    ...registerExportCommands(ctx),
    registerRefresh(ctx),
    registerLoadMore(ctx),
    registerLoadAll(ctx),
    registerRetry(ctx),
    registerFilter(ctx),
    registerClearFilter(ctx),
    registerSort(ctx),
    registerCopyId(ctx),
    registerCopyJson(ctx),
    registerViewJson(ctx),
    registerOpenInCampfire(ctx),
    registerExploreSampleData(ctx),
    registerLeaveSampleData(ctx),
    // The usage-events grid's context menu.
    ...registerCellMenu(),
  ];
}
