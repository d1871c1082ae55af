// One way to tell the user something went wrong, with the action that fixes it: "Sign In" when
// no key is stored, "Update API Key" on 401, and "Show Log" always.
import * as vscode from 'vscode';
import { isCampfireError, isCancellation } from '../api/errors';
import type { Services } from '../core/services';

export async function showError(services: Services, error: unknown, prefix?: string): Promise<void> {
  if (isCancellation(error)) return;
  const message = error instanceof Error ? error.message : String(error);
  const hint =
    isCampfireError(error) && error.kind === 'permission'
      ? " Your API key's role lacks permission for this; ask a Campfire admin for a role that can read it."
      : '';
  const text = `${prefix ? `${prefix}: ${message}` : message}${hint}`;
  services.log.error(text);
  const actions: string[] = [];
  if (isCampfireError(error) && error.kind === 'noApiKey') actions.push('Sign In');
  if (isCampfireError(error) && error.kind === 'auth') actions.push('Update API Key');
  actions.push('Show Log');
  const choice = await vscode.window.showErrorMessage(text, ...actions);
  if (choice === 'Sign In' || choice === 'Update API Key') await vscode.commands.executeCommand('campfire.signIn');
  else if (choice === 'Show Log') services.log.show();
}
