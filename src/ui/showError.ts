// One way to tell the user something went wrong, with the actions that fix it; technical detail goes to the log.
import * as vscode from 'vscode';
import { isCampfireError, isCancellation } from '../api/errors';
import type { Services } from '../core/services';
import { actionLabel, errorActions, errorReason, mayPassOnRetry, type ErrorAction } from './errorWords';
import { isKeyProblem, showKeyNotice } from './keyNotices';
import { errorMessage } from '../shared/errorMessage';

export interface ShowErrorOptions {
  /** Offered as "Retry" when the failure may pass on a second try. */
  retry?: () => unknown;
}

/** The command behind each action but Retry (a notice about the key links to it). */
const ACTION_COMMANDS: Record<Exclude<ErrorAction, 'retry'>, string> = { signIn: 'campfire.signIn', updateKey: 'campfire.signIn', showLog: 'campfire.showLog' };

/** `prefix` says what failed ("Could not copy the record"), in the display language; the reason follows it. */
export async function showError(services: Services, error: unknown, prefix?: string, options: ShowErrorOptions = {}): Promise<void> {
  if (isCancellation(error)) return;
  const reason = errorReason(error);
  const said = prefix ? vscode.l10n.t({ message: '{0}: {1}', args: [prefix, reason], comment: ['{0} says what failed, {1} is the reason (an error message)'] }) : reason;
  const text =
    isCampfireError(error) && error.kind === 'permission'
      ? vscode.l10n.t({
          message: "{0} Your API key's role lacks permission for this; ask a Campfire admin for a role that can read it.",
          args: [said],
          comment: ['{0} is an error message (a 403 from Campfire)'],
        })
      : said;
  // The log keeps what the message leaves out: the request that failed.
  const technical = errorMessage(error);
  services.log.error(technical !== reason ? `${text} [${technical}]` : text);
  const actions = errorActions(error, options.retry !== undefined && mayPassOnRetry(error));
  // A notice about the key closes when the account, key or mode changes: it must not outlive them.
  if (isKeyProblem(error) && !actions.includes('retry')) {
    showKeyNotice(services, text, actions.flatMap((a) => (a === 'retry' ? [] : [{ label: actionLabel(a), command: ACTION_COMMANDS[a] }])));
    return;
  }
  const choice = await vscode.window.showErrorMessage(text, ...actions.map(actionLabel));
  const chosen = actions.find((a) => actionLabel(a) === choice);
  if (chosen === 'signIn' || chosen === 'updateKey') await vscode.commands.executeCommand('campfire.signIn');
  else if (chosen === 'retry') await options.retry?.();
  else if (chosen === 'showLog') services.log.show();
}
