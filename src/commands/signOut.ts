// "Sign Out": deletes the key of the account the window uses (or of the account given), and
// "Sign Out of All Accounts" every saved key. Panels showing that account's data close, and the
// account's local cache is deleted.
import * as vscode from 'vscode';
import { describeAccount, type Account } from '../core/accounts';
import { accountCacheOwner } from '../core/cacheOwner';
import type { Services } from '../core/services';

export function registerSignOut(services: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('campfire.signOut', async (arg?: { accountId?: string }) => {
      const account = arg?.accountId !== undefined ? services.accounts.accounts.find((a) => a.id === arg.accountId) : services.connection.account;
      if (!account) return;
      await services.accounts.remove(account.id);
      await deleteCaches(services, [account]);
      services.log.info(`Signed out of ${describeAccount(account)}: its API key was deleted from secret storage`);
    }),
    vscode.commands.registerCommand('campfire.signOutAll', async () => {
      const all = [...services.accounts.accounts];
      const count = all.length;
      await services.accounts.removeAll();
      await deleteCaches(services, all);
      services.log.info(`Signed out of all ${count} Campfire accounts: their API keys were deleted from secret storage`);
    }),
  ];
}

/** A cache that cannot be deleted is logged, never stops the sign-out (the key is gone already). */
async function deleteCaches(services: Services, accounts: readonly Account[]): Promise<void> {
  for (const account of accounts) {
    await services.cache.deleteOwner(accountCacheOwner(account)).catch((e: unknown) => services.log.warn(`Could not delete the cache of ${describeAccount(account)}: ${e instanceof Error ? e.message : String(e)}`));
  }
}
