// The Contracts tree's commands. Each takes a tree node, an argument object (keybindings, tests) or nothing.
import * as vscode from 'vscode';
import { CONTRACT_STATUSES } from '../api/schemas/enums';
import { DEFAULT_DESCENDING, SORT_KEYS, isSortKey, type ContractFilter, type ContractSort, type ContractSortKey } from '../model/contractQuery';
import type { ContractsModel } from '../model/contractsModel';
import { entityFromArgs } from '../model/entityRef';
import type { LoadProgress, PagedList } from '../model/pagedList';
import { CONTRACT_CHILDREN, contracts, type ContractChild } from '../resources';
import { formatCount } from '../shared/countFormat';
import { contractStatusItems } from '../ui/pickers';
import { showError } from '../ui/showError';
import { sortLabel } from '../ui/words';
import { ErrorNode } from '../views/nodes/errorNode';
import { LoadMoreNode } from '../views/nodes/loadMoreNode';
import type { TreeCommandContext } from './treeTargets';

/** Names one of a contract's lists: `{contractId, list}`. */
export interface ListArgs {
  contractId?: number;
  list?: string;
}

/** The resource of the contract's list the arguments name, if any. */
function childResource(arg: ListArgs | undefined): ContractChild | undefined {
  return CONTRACT_CHILDREN.find((r) => r.name === arg?.list);
}

/** The child list named by the arguments; undefined means the contracts. */
function childList(model: ContractsModel, arg: ListArgs | undefined): PagedList<{ id: number }> | undefined {
  const resource = childResource(arg);
  if (!arg || typeof arg.contractId !== 'number' || !resource) return undefined;
  return model.children(resource, arg.contractId);
}

/** "Refresh": the whole view, or a contract, a folder, or the list an item is in; loaded data stays until the new is in. */
export const refresh = (ctx: TreeCommandContext) => async (arg?: unknown) => {
  const ref = entityFromArgs(arg);
  const track = <T>(p: Promise<T>) => ctx.view.provider.track(p);
  const model = ctx.model;
  if (!ref) return track(model.refreshAll());
  // A folder names its list; a commit or override is refreshed with the list it is in.
  const list = childResource(arg as ListArgs) ?? CONTRACT_CHILDREN.find((r) => r === ref.resource);
  if (list) return track(model.children(list, ref.ids.contractId).refresh());
  try {
    await track(model.refreshContract(ref.ids.contractId));
  } catch (e) {
    void showError(ctx.services, e, vscode.l10n.t('Could not refresh contract #{0}', ref.ids.contractId));
  }
};

/** "Load more": the next page of the list a "Load more" node ends. */
export const loadMore = (ctx: TreeCommandContext) => async (arg?: LoadMoreNode | ListArgs) => {
  if (arg instanceof LoadMoreNode) return arg.target.loadMore();
  const list = childList(ctx.model, arg);
  return ctx.view.provider.track(list ? list.loadMore() : ctx.model.loadMore());
};

/** "Load all": every remaining item, with a cancellable progress notification. */
export const loadAll = (ctx: TreeCommandContext) => async (arg?: LoadMoreNode | ListArgs) => {
  const list = arg instanceof LoadMoreNode ? undefined : childList(ctx.model, arg);
  const child = list ? childResource(arg) : undefined;
  const what = arg instanceof LoadMoreNode ? arg.target.what : (child ?? contracts).label.many;
  const load = (onProgress: (p: LoadProgress) => void, cancel: AbortSignal) =>
    arg instanceof LoadMoreNode ? arg.target.loadAll(onProgress, cancel) : list ? list.loadAll(onProgress, cancel) : ctx.model.loadAll(onProgress, cancel);
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t({ message: 'Loading all {0}', args: [what], comment: ['{0} is what is loaded, e.g. "contracts"'] }), cancellable: true },
    async (progress, token) => {
      let last = 0;
      const cancel = new AbortController();
      const sub = token.onCancellationRequested(() => cancel.abort());
      await ctx.view.provider.track(
        load((p) => {
          const pct = p.total > 0 ? (p.loaded / p.total) * 100 : 100;
          progress.report({ message: vscode.l10n.t({ message: '{0} of {1}', args: [formatCount(p.loaded), formatCount(p.total)], comment: ['Progress: {0} items loaded of {1} in all'] }), increment: pct - last });
          last = pct;
        }, cancel.signal),
      ).finally(() => {
        sub.dispose();
      });
    },
  );
  // The list that was loaded: a "Load more" node's own list (contracts, or a contract's commits
  // or overrides), the list named by the arguments, or the contracts.
  const failed = arg instanceof LoadMoreNode ? arg.target.error() : list ? list.error : ctx.model.contracts.error;
  if (failed !== undefined) void showError(ctx.services, failed, vscode.l10n.t({ message: 'Could not load all {0}', args: [what], comment: ['{0} is what was loaded, e.g. "prepaid commits"'] }));
};

/** "Retry": a failed load again, or (palette) every failed load, panels included. */
export const retry = (ctx: TreeCommandContext) => (arg?: unknown) => {
  if (arg instanceof ErrorNode) return ctx.view.provider.track(arg.retry());
  ctx.usageEventsPanels.retryFailed();
  return ctx.view.provider.track(ctx.model.retryFailed());
};

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

/** "Filter": the API cannot filter, so the remaining contracts load first; `{text?, statuses?}` skips the prompts. */
export const filter = (ctx: TreeCommandContext) => async (args?: FilterArgs) => {
  const chosen = args && (args.text !== undefined || args.statuses !== undefined) ? { text: args.text, statuses: args.statuses } : await promptFilter(ctx);
  if (!chosen) return;
  await ctx.view.provider.track(ctx.model.setFilter({ ...(chosen.text !== undefined ? { text: chosen.text } : {}), ...(chosen.statuses ? { statuses: chosen.statuses } : {}) }));
};

/** "Clear Filter": drops the text and status filter, keeping the sort. */
export const clearFilter = (ctx: TreeCommandContext) => () => ctx.view.provider.track(ctx.model.clearFilter());

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

/** "Sort": over all contracts (the API cannot sort); `{by, descending?}` skips the prompt, `{by: 'none'}` restores Campfire's order. */
export const sort = (ctx: TreeCommandContext) => async (args?: SortArgs) => {
  let chosen: ContractSort | undefined;
  if (args?.by === 'none') chosen = undefined;
  else if (isSortKey(args?.by)) chosen = { by: args.by, descending: args.descending ?? DEFAULT_DESCENDING[args.by] };
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
    chosen = pick.sort;
  }
  await ctx.view.provider.track(ctx.model.setSort(chosen));
};
