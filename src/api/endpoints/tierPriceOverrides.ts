import type { CampfireClient } from '../client';
import { paginate, type PaginateOptions } from '../pagination';
import { tierPriceOverrideSchema } from '../schemas/tierPriceOverride';
import { paths } from './paths';

export function listTierPriceOverrides(client: CampfireClient, contractId: number, options: PaginateOptions) {
  return paginate(
    client,
    { path: paths.tierPriceOverrides(contractId), endpoint: `tier price overrides of contract ${contractId}`, itemSchema: tierPriceOverrideSchema },
    options,
  );
}
