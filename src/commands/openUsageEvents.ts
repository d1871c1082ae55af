// "Open Usage Events": from the tree (a commit node passes its ids), from an argument object
// `{contractId, commitId}`, or from the Command Palette, where the user picks a contract and then
// one of its prepaid commits.
import * as vscode from 'vscode';
import type { Services } from '../core/services';
import { parseCommitRef } from '../model/usageEvents/commitRef';
import { pickCommit } from '../ui/pickers';
import { showError } from '../ui/showError';
import { UsageEventsPanel } from '../views/usageEvents/panel';

export function registerOpenUsageEvents(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand('campfire.openUsageEvents', async (arg?: unknown) => {
    const ref = arg === undefined ? await pickCommit(services) : parseCommitRef(arg);
    if (arg !== undefined && !ref) {
      void showError(services, 'Open Usage Events needs a contract id and a prepaid commit id.');
      return;
    }
    if (ref) UsageEventsPanel.show(services, ref);
  });
}
