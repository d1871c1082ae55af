// One way to tell the user something went wrong, with the action that fixes it: "Sign In" when
// no key is stored, "Update API Key" on 401, and "Show Log" always.
import * as vscode from 'vscode';
import { isCampfireError, isCancellation } from '../api/errors';
import type { Services } from '../core/services';

/** `prefix` says what failed ("Could not copy the record"), in the display language; the error's message follows it. */
export async function showError(services: Services, error: unknown, prefix?: string): Promise<void> {
  if (isCancellation(error)) return;
  const message = error instanceof Error ? error.message : String(error);
  const said = prefix ? vscode.l10n.t({ message: '{0}: {1}', args: [prefix, message], comment: ['{0} says what failed, {1} is the reason (an error message)'] }) : message;
  const text =
    isCampfireError(error) && error.kind === 'permission'
      ? vscode.l10n.t({
          message: "{0} Your API key's role lacks permission for this; ask a Campfire admin for a role that can read it.",
          args: [said],
          comment: ['{0} is an error message (a 403 from Campfire)'],
        })
      : said;
  services.log.error(text);
  const signIn = vscode.l10n.t('Sign In');
  const updateKey = vscode.l10n.t('Update API Key');
  const showLog = vscode.l10n.t('Show Log');
  const actions: string[] = [];
  if (isCampfireError(error) && error.kind === 'noApiKey') actions.push(signIn);
  if (isCampfireError(error) && error.kind === 'auth') actions.push(updateKey);
  actions.push(showLog);
  const choice = await vscode.window.showErrorMessage(text, ...actions);
  if (choice === signIn || choice === updateKey) await vscode.commands.executeCommand('campfire.signIn');
  else if (choice === showLog) services.log.show();
}
