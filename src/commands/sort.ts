// "Sort": by name, start date, value or last modified, over all contracts (loaded first, since the
// API cannot sort). `{by, descending?}` skips the prompt; `{by: 'none'}` restores the server's order.
import * as vscode from 'vscode';
import { DEFAULT_DESCENDING, SORT_KEYS, SORT_LABELS, isSortKey, type ContractSort, type ContractSortKey } from '../model/contractQuery';
import type { TreeCommandContext } from './treeTargets';

export interface SortArgs {
  by?: ContractSortKey | 'none';
  descending?: boolean;
}

interface SortPick extends vscode.QuickPickItem {
  sort: ContractSort | undefined;
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
          const dir = by === 'name' ? (descending ? 'Z → A' : 'A → Z') : by === 'value' ? (descending ? 'largest first' : 'smallest first') : descending ? 'newest first' : 'oldest first';
          const active = current?.by === by && current.descending === descending;
          items.push({ label: `${active ? '$(check) ' : ''}${SORT_LABELS[by]}`, description: dir, sort: { by, descending } });
        }
      }
      items.push({ label: `${current ? '' : '$(check) '}Campfire's order`, description: 'as the API returns them', sort: undefined });
      const pick = await vscode.window.showQuickPick(items, { title: 'Sort contracts', placeHolder: 'All contracts are loaded to sort them' });
      if (!pick) return;
      sort = pick.sort;
    }
    await ctx.view.provider.track(ctx.model.setSort(sort));
  });
}
