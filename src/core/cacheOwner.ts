// Whose cache the window reads and writes: the account in use (its origin and id), or the sample
// data. The sample server listens on a new port each time, so its data is cached under a fixed
// name rather than its origin; an account's cache is always under the origin its key was saved for.
import type { CacheOwner } from '../cache/cacheStore';
import type { Account } from './accounts';
import type { CampfireConnection } from './connection';

export const SAMPLE_CACHE_OWNER: CacheOwner = { origin: 'campfire-sample-data:', accountId: 'sample' };

export function accountCacheOwner(account: Account): CacheOwner {
  return { origin: account.origin, accountId: account.id };
}

/** The owner of what the window shows now; undefined while no account is in use (nothing is cached then). */
export function currentCacheOwner(connection: CampfireConnection): CacheOwner | undefined {
  if (connection.isSample) return SAMPLE_CACHE_OWNER;
  const account = connection.account;
  return account ? accountCacheOwner(account) : undefined;
}
