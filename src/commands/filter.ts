// "Filter": text over deal name, client and id, and a choice of statuses. The API cannot filter,
// so the remaining contracts load first (progress in the view); `{text?, statuses?}` skips the prompts.
import * as vscode from 'vscode';
import { CONTRACT_STATUSES } from '../api/schemas/enums';
import type { ContractFilter } from '../model/contractQuery';
import { contractStatusItems } from '../ui/pickers';
import type { TreeCommandContext } from './treeTargets';

export interface FilterArgs {
  text?: string;
  statuses?: string[];
}

async function promptFilter(ctx: TreeCommandContext): Promise<ContractFilter | undefined> {
  const current = ctx.model.filter;
  const text = await vscode.window.showInputBox({
    title: vscode.l10n.t('Filter contracts (1/2): text'),
    prompt: vscode.l10n.t('Matches deal name, client and contract id. Leave empty to filter by status only.'),
    value: current?.text ?? '',
    placeHolder: vscode.l10n.t({ message: 'e.g. Acme, 1042', comment: ['Examples of filter text: a client name and a contract id'] }),
  });
  if (text === undefined) return undefined;
  // Statuses Campfire added later are offered too, as they appear in the data.
  const seen = new Set<string>(CONTRACT_STATUSES);
  for (const c of ctx.model.contracts.items) if (c.status) seen.add(c.status);
  const chosen = new Set(current?.statuses ?? []);
  const picks = await vscode.window.showQuickPick(
    // Read as the tree reads them ("Active"); the filter keeps Campfire's values ("ACTIVE").
    contractStatusItems(seen, chosen),
    { title: vscode.l10n.t('Filter contracts (2/2): statuses'), placeHolder: vscode.l10n.t('Pick statuses to keep, or none for any status'), canPickMany: true },
  );
  if (picks === undefined) return undefined;
  return { text, statuses: picks.map((p) => p.status) };
}

export function registerFilter(ctx: TreeCommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('campfire.filter', async (args?: FilterArgs) => {
    const filter = args && (args.text !== undefined || args.statuses !== undefined) ? { text: args.text, statuses: args.statuses } : await promptFilter(ctx);
    if (!filter) return;
    await ctx.view.provider.track(ctx.model.setFilter({ ...(filter.text !== undefined ? { text: filter.text } : {}), ...(filter.statuses ? { statuses: filter.statuses } : {}) }));
  });
}
