import type { CampfireClient } from '../client';
import { paginate, type PaginateOptions } from '../pagination';
import { usageEventSchema } from '../schemas/usageEvent';
import { paths } from './paths';

export function listUsageEvents(client: CampfireClient, contractId: number, commitId: number, options: PaginateOptions) {
  return paginate(
    client,
    {
      path: paths.usageEvents(contractId, commitId),
      endpoint: `usage events of prepaid commit ${commitId} (contract ${contractId})`,
      itemSchema: usageEventSchema,
    },
    options,
  );
}
