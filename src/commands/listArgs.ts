// Argument objects that name one of a contract's lists, for Refresh, Load more and Load all:
// `{contractId, list: 'prepaidCommits' | 'tierPriceOverrides'}` (a folder node carries both).
import type { PagedList } from '../model/pagedList';
import type { ContractsModel } from '../model/contractsModel';
import { CONTRACT_CHILDREN, type ContractChild } from '../resources';

export interface ListArgs {
  contractId?: number;
  list?: string;
}

/** The resource of the contract's list the arguments name, if any. */
export function childResource(arg: ListArgs | undefined): ContractChild | undefined {
  return CONTRACT_CHILDREN.find((r) => r.name === arg?.list);
}

/** The child list named by the arguments; undefined means the contracts. */
export function childList(model: ContractsModel, arg: ListArgs | undefined): PagedList<{ id: number }> | undefined {
  const resource = childResource(arg);
  if (!arg || typeof arg.contractId !== 'number' || !resource) return undefined;
  return model.children(resource, arg.contractId);
}
