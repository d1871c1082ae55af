// Where the tree's data comes from: the API endpoints on the window's current client. The client
// is looked up on every call because it is rebuilt when the base URL or the key changes.
import type { CampfireClient } from '../api/client';
import { getContract, listContracts } from '../api/endpoints/contracts';
import { getPrepaidCommit, listPrepaidCommits } from '../api/endpoints/prepaidCommits';
import { listTierPriceOverrides } from '../api/endpoints/tierPriceOverrides';
import type { Contract } from '../api/schemas/contract';
import type { PrepaidCommit } from '../api/schemas/prepaidCommit';
import type { TierPriceOverride } from '../api/schemas/tierPriceOverride';
import type { PageSource } from './pagedList';

export interface ContractsSource {
  contracts: PageSource<Contract>;
  prepaidCommits(contractId: number): PageSource<PrepaidCommit>;
  tierPriceOverrides(contractId: number): PageSource<TierPriceOverride>;
  contract(contractId: number, signal?: AbortSignal): Promise<Contract>;
  prepaidCommit(contractId: number, commitId: number, signal?: AbortSignal): Promise<PrepaidCommit>;
}

export function apiContractsSource(client: () => CampfireClient): ContractsSource {
  return {
    contracts: (options) => listContracts(client(), options),
    prepaidCommits: (contractId) => (options) => listPrepaidCommits(client(), contractId, options),
    tierPriceOverrides: (contractId) => (options) => listTierPriceOverrides(client(), contractId, options),
    contract: (contractId, signal) => getContract(client(), contractId, signal),
    prepaidCommit: (contractId, commitId, signal) => getPrepaidCommit(client(), contractId, commitId, signal),
  };
}
