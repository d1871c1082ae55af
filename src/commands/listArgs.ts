// Argument objects that name one of a contract's lists, for Load more / Load all.
import type { PagedList } from '../model/pagedList';
import type { ContractsModel } from '../model/contractsModel';

export interface ListArgs {
  contractId?: number;
  list?: 'prepaidCommits' | 'tierPriceOverrides';
}

/** The child list named by the arguments; undefined means the contracts. */
export function childList(model: ContractsModel, arg: ListArgs | undefined): PagedList<{ id: number }> | undefined {
  if (!arg || typeof arg.contractId !== 'number') return undefined;
  return arg.list === 'tierPriceOverrides' ? model.tierPriceOverrides(arg.contractId) : model.prepaidCommits(arg.contractId);
}
