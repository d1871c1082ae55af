// "Sign Out": deletes the key of the account the window uses (or of the account given), and
// "Sign Out of All Accounts" every saved key. Panels showing that account's data close.
import * as vscode from 'vscode';
import { describeAccount } from '../core/accounts';
import type { Services } from '../core/services';

export function registerSignOut(services: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('campfire.signOut', async (arg?: { accountId?: string }) => {
      const account = arg?.accountId !== undefined ? services.accounts.accounts.find((a) => a.id === arg.accountId) : services.connection.account;
      if (!account) return;
      await services.accounts.remove(account.id);
      services.log.info(`Signed out of ${describeAccount(account)}: its API key was deleted from secret storage`);
    }),
    vscode.commands.registerCommand('campfire.signOutAll', async () => {
      const count = services.accounts.accounts.length;
      await services.accounts.removeAll();
      services.log.info(`Signed out of all ${count} Campfire accounts: their API keys were deleted from secret storage`);
    }),
  ];
}
