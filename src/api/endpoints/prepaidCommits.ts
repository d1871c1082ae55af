import type { CampfireClient } from '../client';
import { paginate, type PaginateOptions } from '../pagination';
import { prepaidCommitSchema, type PrepaidCommit } from '../schemas/prepaidCommit';
import { paths } from './paths';

export function listPrepaidCommits(client: CampfireClient, contractId: number, options: PaginateOptions) {
  return paginate(
    client,
    { path: paths.prepaidCommits(contractId), endpoint: `prepaid commits of contract ${contractId}`, itemSchema: prepaidCommitSchema },
    options,
  );
}

export function getPrepaidCommit(client: CampfireClient, contractId: number, commitId: number, signal?: AbortSignal): Promise<PrepaidCommit> {
  return client.getJson(
    { path: paths.prepaidCommit(contractId, commitId), endpoint: `prepaid commit ${commitId} of contract ${contractId}`, signal },
    prepaidCommitSchema,
  );
}
