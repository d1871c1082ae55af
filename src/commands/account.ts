// The commands about where the window's data comes from: key, cache, connection, sample data.
import * as vscode from 'vscode';
import { firstPage } from '../api/pagination';
import { describeAccount, type Account } from '../core/accounts';
import { accountCacheOwner } from '../core/cacheOwner';
import type { Services } from '../core/services';
import { contracts } from '../resources';
import { errorMessage } from '../shared/errorMessage';
import { formatCount } from '../shared/countFormat';
import { showError } from '../ui/showError';
import { CONTRACTS_VIEW_ID } from '../views/contractsView';
import type { TreeCommandContext } from './treeTargets';

/** A cache that cannot be deleted is logged, never stops the sign-out (the key is gone already). */
async function deleteCaches(services: Services, accounts: readonly Account[]): Promise<void> {
  for (const account of accounts) {
    await services.cache.deleteOwner(accountCacheOwner(account)).catch((e: unknown) => services.log.warn(`Could not delete the cache of ${describeAccount(account)}: ${errorMessage(e)}`));
  }
}

/** "Sign Out": deletes the key of the account in use (or given); its panels close and its cache is deleted. */
export const signOut = ({ services }: TreeCommandContext) => async (arg?: { accountId?: string }) => {
  const account = arg?.accountId !== undefined ? services.accounts.accounts.find((a) => a.id === arg.accountId) : services.connection.account;
  if (!account) return;
  await services.accounts.remove(account.id);
  await deleteCaches(services, [account]);
  services.log.info(`Signed out of ${describeAccount(account)}: its API key was deleted from secret storage`);
};

/** "Sign Out of All Accounts": every saved key, and every account's cache. */
export const signOutAll = ({ services }: TreeCommandContext) => async () => {
  const all = [...services.accounts.accounts];
  const count = all.length;
  await services.accounts.removeAll();
  // With no account left, the window goes back to the user's own campfire.baseUrl.
  await services.connection.useOrigin(undefined);
  await deleteCaches(services, all);
  services.log.info(`Signed out of all ${count} Campfire accounts: their API keys were deleted from secret storage`);
};

/** "Clear Cache": deletes every account's cache; what is open is read from Campfire again when next needed. */
export const clearCache = ({ services }: TreeCommandContext) => async () => {
  const before = await services.cache.sizeBytes();
  await services.cache.clear();
  const megabytes = formatCount(Math.ceil(before / (1024 * 1024)));
  void vscode.window.showInformationMessage(vscode.l10n.t({ message: 'Campfire cache cleared ({0} MB).', args: [megabytes], comment: ['{0} is the size the cache had'] }));
};

export const showLog = ({ services }: TreeCommandContext) => () => services.log.show();

export interface ConnectionReport {
  origin: string;
  contracts: number;
  /** What each failing usage-events panel says, in words ("… while loading usage events of prepaid commit 34."). */
  failingPanels?: string[];
}

async function requestOneContract(services: Services, signal?: AbortSignal): Promise<ConnectionReport> {
  const client = services.connection.client;
  const first = await firstPage(contracts.list(client, {}, { pageSize: 1, maxItems: 1, signal }));
  return { origin: client.origin.origin, contracts: first?.count ?? 0 };
}

/** "Connected to … but 1 usage-events panel failed: …", with Retry (every failed panel) and Show Log. */
async function reportFailingPanels(services: Services, connected: string, failing: string[]): Promise<void> {
  const shown = failing.slice(0, 2).join(' ');
  const what = failing.length > 2 ? vscode.l10n.t({ message: '{0} (and {1} more)', args: [shown, failing.length - 2], comment: ['{0} is what failing panels say, {1} how many more failed'] }) : shown;
  const text =
    failing.length === 1
      ? vscode.l10n.t({ message: '{0} But 1 usage-events panel failed: {1}', args: [connected, what], comment: ['{0} is "Connected to …: N contracts."; {1} what the failing panel says'] })
      : vscode.l10n.t({ message: '{0} But {1} usage-events panels failed: {2}', args: [connected, failing.length, what], comment: ['{0} is "Connected to …: N contracts."; {1} how many panels failed; {2} what they say'] });
  const retry = vscode.l10n.t('Retry');
  const showLog = vscode.l10n.t('Show Log');
  services.log.warn(text);
  const choice = await vscode.window.showWarningMessage(text, retry, showLog);
  if (choice === retry) await vscode.commands.executeCommand('campfire.retry');
  else if (choice === showLog) services.log.show();
}

/** "Check Connection": one small request that says which of base URL, network and key fails; failing panels are named. */
export const checkConnection = ({ services, usageEventsPanels }: TreeCommandContext) => async (args?: { quiet?: boolean }) => {
  try {
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Campfire: checking connection') },
      () => requestOneContract(services),
    );
    const failing = usageEventsPanels.failed().flatMap((p) => p.failure?.text ?? []);
    if (failing.length > 0) report.failingPanels = failing;
    if (!args?.quiet) {
      const connected =
        report.contracts === 1
          ? vscode.l10n.t('Connected to {0}: {1} contract.', report.origin, formatCount(report.contracts))
          : vscode.l10n.t('Connected to {0}: {1} contracts.', report.origin, formatCount(report.contracts));
      if (failing.length === 0) void vscode.window.showInformationMessage(connected);
      else void reportFailingPanels(services, connected, failing);
    }
    return report;
  } catch (e) {
    if (!args?.quiet) void showError(services, e, vscode.l10n.t('Campfire connection check failed'));
    throw e;
  }
};

/** "Explore Sample Data": starts the local Campfire server in the extension host and browses it. */
export const exploreSampleData = ({ services }: TreeCommandContext) => async () => {
  try {
    await services.sample.start();
  } catch (e) {
    void showError(services, e, vscode.l10n.t('Could not start the sample Campfire server'));
    return;
  }
  await vscode.commands.executeCommand(`${CONTRACTS_VIEW_ID}.focus`);
};

/** "Leave Sample Data": stops the local server; the view returns to your account (or the welcome view). */
export const leaveSampleData = ({ services }: TreeCommandContext) => () => services.sample.stop();
