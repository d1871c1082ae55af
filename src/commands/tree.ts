// The Contracts tree's commands. Each takes a tree node, an argument object (keybindings, tests) or nothing.
import * as vscode from 'vscode';
import { CONTRACT_STATUSES } from '../api/schemas/enums';
import { DEFAULT_DESCENDING, SORT_KEYS, isSortKey, type ContractSort, type ContractSortKey } from '../model/contractQuery';
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
  if (arg instanceof LoadMoreNode) return ctx.view.loadMoreFrom(arg);
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
  if (arg instanceof ErrorNode) {
    // Its failed siblings under the same contract go with it.
    const contractId = arg.contractId;
    return ctx.view.provider.track(contractId === undefined ? arg.retry() : Promise.all([arg.retry(), ctx.model.retryFailedOf(contractId)]).then(() => undefined));
  }
  ctx.usageEventsPanels.retryFailed();
  return ctx.view.provider.track(ctx.model.retryFailed());
};

export interface FilterArgs {
  text?: string;
  statuses?: string[];
}

/** How long typing pauses before the tree filters, as the Explorer's find waits. */
const FILTER_DEBOUNCE_MS = 150;

/** Text as you type and statuses as you tick them filter the tree at once; Enter keeps it, Escape puts back the filter before. */
function liveFilter(ctx: TreeCommandContext): Promise<void> {
  const model = ctx.model;
  const before = model.filter;
  // Statuses Campfire added later are offered too, as they appear in the data.
  const seen = new Set<string>(CONTRACT_STATUSES);
  for (const c of model.contracts.items) if (c.status) seen.add(c.status);
  const picker = vscode.window.createQuickPick<vscode.QuickPickItem & { status: string }>();
  picker.title = vscode.l10n.t('Filter contracts');
  picker.placeholder = vscode.l10n.t('Type to match deal name, client or contract id; tick statuses to keep');
  picker.canSelectMany = true;
  // Read as the tree reads them ("Active"); the filter keeps Campfire's values ("ACTIVE").
  picker.items = contractStatusItems(seen, new Set(before?.statuses ?? [])).map((item) => ({ ...item, alwaysShow: true }));
  picker.selectedItems = picker.items.filter((item) => item.picked);
  picker.value = before?.text ?? '';
  let timer: NodeJS.Timeout | undefined;
  const apply = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const statuses = picker.selectedItems.map((item) => item.status);
    void ctx.view.provider.track(model.setFilter({ text: picker.value, statuses })).then(() => ctx.view.revealTop());
  };
  return new Promise<void>((resolve) => {
    let accepted = false;
    picker.onDidChangeValue(() => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(apply, FILTER_DEBOUNCE_MS);
    });
    picker.onDidChangeSelection(apply);
    picker.onDidAccept(() => {
      accepted = true;
      apply();
      picker.hide();
    });
    picker.onDidHide(() => {
      if (timer) clearTimeout(timer);
      if (!accepted) void ctx.view.provider.track(model.setFilter(before));
      picker.dispose();
      resolve();
    });
    picker.show();
  });
}

/** "Filter": live as the user types (the API cannot filter, so the remaining contracts load first); `{text?, statuses?}` skips the picker. */
export const filter = (ctx: TreeCommandContext) => async (args?: FilterArgs) => {
  if (!args || (args.text === undefined && args.statuses === undefined)) return liveFilter(ctx);
  await ctx.view.provider.track(ctx.model.setFilter({ ...(args.text !== undefined ? { text: args.text } : {}), ...(args.statuses ? { statuses: args.statuses } : {}) }));
  await ctx.view.revealTop();
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
    const pick = await pickSort(ctx.model.sort);
    if (!pick) return;
    chosen = pick.sort;
  }
  await ctx.view.provider.track(ctx.model.setSort(chosen));
  await ctx.view.revealTop();
};

/** The sort picker, its active item on the current sort so Enter keeps it and arrows start from it. */
function pickSort(current: ContractSort | undefined): Promise<SortPick | undefined> {
  const items: SortPick[] = [];
  let active: SortPick | undefined;
  for (const by of SORT_KEYS) {
    for (const descending of [DEFAULT_DESCENDING[by], !DEFAULT_DESCENDING[by]]) {
      const isCurrent = current?.by === by && current.descending === descending;
      const item: SortPick = { label: `${isCurrent ? '$(check) ' : ''}${sortLabel(by)}`, description: direction(by, descending), sort: { by, descending } };
      if (isCurrent) active = item;
      items.push(item);
    }
  }
  const campfireOrder: SortPick = { label: `${current ? '' : '$(check) '}${vscode.l10n.t("Campfire's order")}`, description: vscode.l10n.t('as the API returns them'), sort: undefined };
  items.push(campfireOrder);
  const picker = vscode.window.createQuickPick<SortPick>();
  picker.title = vscode.l10n.t('Sort contracts');
  picker.placeholder = vscode.l10n.t('All contracts are loaded to sort them');
  picker.items = items;
  picker.activeItems = [active ?? campfireOrder];
  return new Promise((resolve) => {
    let chosen: SortPick | undefined;
    picker.onDidAccept(() => {
      chosen = picker.selectedItems[0] ?? picker.activeItems[0];
      picker.hide();
    });
    picker.onDidHide(() => {
      picker.dispose();
      resolve(chosen);
    });
    picker.show();
  });
}
