import type { CampfireClient } from '../client';
import { paginate, type PaginateOptions } from '../pagination';
import { contractSchema, type Contract } from '../schemas/contract';
import { paths } from './paths';

export interface ListContractsQuery {
  /** true: only soft-deleted stubs (Campfire's semantics), not active plus deleted. */
  includeDeleted?: boolean;
  lastModifiedGte?: string;
  lastModifiedLte?: string;
}

export function listContracts(client: CampfireClient, options: PaginateOptions, query: ListContractsQuery = {}) {
  return paginate(
    client,
    {
      path: paths.contracts(),
      endpoint: 'list contracts',
      itemSchema: contractSchema,
      query: {
        include_deleted: query.includeDeleted,
        last_modified_at__gte: query.lastModifiedGte,
        last_modified_at__lte: query.lastModifiedLte,
      },
    },
    options,
  );
}

export function getContract(client: CampfireClient, contractId: number, signal?: AbortSignal): Promise<Contract> {
  return client.getJson({ path: paths.contract(contractId), endpoint: `contract ${contractId}`, signal }, contractSchema);
}
