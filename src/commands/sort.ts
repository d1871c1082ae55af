// "Sort": by name, start date, value or last modified, over all contracts (loaded first, since the
// API cannot sort). `{by, descending?}` skips the prompt; `{by: 'none'}` restores the server's order.
import * as vscode from 'vscode';
import { DEFAULT_DESCENDING, SORT_KEYS, isSortKey, type ContractSort, type ContractSortKey } from '../model/contractQuery';
import { sortLabel } from '../ui/words';
import type { TreeCommandContext } from './treeTargets';

export interface SortArgs {
  by?: ContractSortKey | 'none';
  descending?: boolean;
}

interface SortPick extends vscode.QuickPickItem {
  sort: ContractSort | undefined;
}

/** The direction, as the picker describes it: "A → Z", "newest first". */
function direction(by: ContractSortKey, descending: boolean): string {
  if (by === 'name') return descending ? vscode.l10n.t('Z → A') : vscode.l10n.t('A → Z');
  if (by === 'value') return descending ? vscode.l10n.t('largest first') : vscode.l10n.t('smallest first');
  return descending ? vscode.l10n.t('newest first') : vscode.l10n.t('oldest first');
}

export function registerSort(ctx: TreeCommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('campfire.sort', async (args?: SortArgs) => {
    let sort: ContractSort | undefined;
    if (args?.by === 'none') sort = undefined;
    else if (isSortKey(args?.by)) sort = { by: args.by, descending: args.descending ?? DEFAULT_DESCENDING[args.by] };
    else {
      const current = ctx.model.sort;
      const items: SortPick[] = [];
      for (const by of SORT_KEYS) {
        for (const descending of [DEFAULT_DESCENDING[by], !DEFAULT_DESCENDING[by]]) {
          const active = current?.by === by && current.descending === descending;
          items.push({ label: `${active ? '$(check) ' : ''}${sortLabel(by)}`, description: direction(by, descending), sort: { by, descending } });
        }
      }
      items.push({ label: `${current ? '' : '$(check) '}${vscode.l10n.t("Campfire's order")}`, description: vscode.l10n.t('as the API returns them'), sort: undefined });
      const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Sort contracts'), placeHolder: vscode.l10n.t('All contracts are loaded to sort them') });
      if (!pick) return;
      sort = pick.sort;
    }
    await ctx.view.provider.track(ctx.model.setSort(sort));
  });
}
