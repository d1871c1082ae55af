// Where the tree's data comes from: the resources' endpoints on the window's current client. The
// client is looked up on every call because it is rebuilt when the base URL or the key changes.
import type { CampfireClient } from '../api/client';
import { contracts, prepaidCommits, type ContractChild, type ItemOf } from '../resources';
import type { PageSource } from './pagedList';

export type Contract = ItemOf<typeof contracts>;
export type ChildItem<R extends ContractChild> = ItemOf<R>;

export interface ContractsSource {
  contracts: PageSource<Contract>;
  /** One of a contract's lists (its prepaid commits, its tier price overrides). */
  children<R extends ContractChild>(resource: R, contractId: number): PageSource<ChildItem<R>>;
  contract(contractId: number, signal?: AbortSignal): Promise<Contract>;
  prepaidCommit(contractId: number, commitId: number, signal?: AbortSignal): Promise<ItemOf<typeof prepaidCommits>>;
}

export function apiContractsSource(client: () => CampfireClient): ContractsSource {
  return {
    contracts: (options) => contracts.list(client(), {}, options),
    children: (resource, contractId) => (options) => resource.list(client(), { contractId }, options) as ReturnType<PageSource<ChildItem<typeof resource>>>,
    contract: (contractId, signal) => contracts.get(client(), { contractId }, signal),
    prepaidCommit: (contractId, commitId, signal) => prepaidCommits.get(client(), { contractId, commitId }, signal),
  };
}
