import type { CampfireClient } from '../client';
import { paginate, type PaginateOptions } from '../pagination';
import { consumptionSchema } from '../schemas/consumption';
import { paths } from './paths';

export function listConsumption(client: CampfireClient, contractId: number, commitId: number, options: PaginateOptions) {
  return paginate(
    client,
    {
      path: paths.consumption(contractId, commitId),
      endpoint: `consumption ledger of prepaid commit ${commitId} (contract ${contractId})`,
      itemSchema: consumptionSchema,
    },
    options,
  );
}
