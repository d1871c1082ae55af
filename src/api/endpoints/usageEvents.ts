import type { CampfireClient } from '../client';
import { paginate, type PaginateOptions } from '../pagination';
import { usageEventSchema } from '../schemas/usageEvent';
import { paths } from './paths';

/** A commit's usage events run to hundreds of thousands, so the first pages are requested together (`expectMany`). */
export function listUsageEvents(client: CampfireClient, contractId: number, commitId: number, options: PaginateOptions) {
  return paginate(
    client,
    {
      path: paths.usageEvents(contractId, commitId),
      endpoint: `usage events of prepaid commit ${commitId} (contract ${contractId})`,
      itemSchema: usageEventSchema,
    },
    { expectMany: true, ...options },
  );
}
