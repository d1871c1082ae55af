// "Open Usage Events": from the tree (a commit node passes its ids), from an argument object
// `{contractId, commitId}`, or from the Command Palette, where the user picks a contract and then
// one of its prepaid commits.
import * as vscode from 'vscode';
import type { Services } from '../../core/services';
import { parseCommitRef } from '../../model/commitRef';
import type { ContractsModel } from '../../model/contractsModel';
import { pickCommit } from '../../ui/pickers';
import { showError } from '../../ui/showError';
import type { UsageEventsPanels } from './panels';

/** The command's handler; `ctx` is what it uses of the commands' context (the window's services, the tree's model). */
export const openUsageEvents =
  (ctx: { services: Services; model: ContractsModel; usageEventsPanels: UsageEventsPanels }) =>
  async (arg?: unknown): Promise<void> => {
    if (arg === undefined) {
      const picked = await pickCommit(ctx.model, vscode.l10n.t('Open Usage Events'));
      if (picked.error !== undefined) void showError(ctx.services, picked.error, vscode.l10n.t('Could not list what to open'));
      if (picked.picked) ctx.usageEventsPanels.show(picked.picked);
      return;
    }
    const ref = parseCommitRef(arg);
    if (!ref) {
      void showError(ctx.services, vscode.l10n.t('Open Usage Events needs a contract id and a prepaid commit id.'));
      return;
    }
    ctx.usageEventsPanels.show(ref);
  };
